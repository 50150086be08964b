using System.Net.WebSockets;

namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// The byte stream under a client's <see cref="System.Net.WebSockets.WebSocket"/> (Kestrel's upgraded HTTP/1.1
/// connection, or an RFC 8441 HTTP/2 stream), with one write at a time. Two writers share it: the connection's send
/// loop, which writes batches of whole frames it framed itself (<see cref="WriteFramesAsync"/>, <see cref="WebSocketFrames"/>),
/// and the runtime's WebSocket, which writes the frames it makes on its own (the close frame, the pong answering a
/// client's ping, the close it sends by itself when the client breaks the protocol).
/// </summary>
/// <remarks>
/// <para>
/// Why the send loop writes here rather than through <c>WebSocket.SendAsync</c>: that costs, per message, a copy into the
/// WebSocket's send buffer, its send lock, and one write and one flush of Kestrel's output pipe; a batch written here
/// costs them once for every message ready (BENCHMARKS.md, "Where it stands", optimisation 10).
/// </para>
/// <para>
/// Frames never interleave: the runtime's WebSocket writes each frame with a single <c>WriteAsync</c> (header and
/// payload together in its send buffer) and the send loop writes only whole frames, and writes are serialised here per
/// call. Frames of different messages may follow each other in any order on the wire (RFC 6455 §5.4), and nothing sent
/// here is fragmented. The stream carries no extension: the server never negotiates permessage-deflate, so a frame is
/// exactly header and payload (RFC 6455 §5.2).
/// </para>
/// </remarks>
internal sealed class UpgradedStream(Stream inner) : Stream
{
    private const byte CloseFrameFirstByte = 0x88; // FIN + opcode 8 (RFC 6455 §5.2, §5.5.1)

    // Uncontended almost always (a client's ping is rare): WaitAsync then completes synchronously and allocates nothing.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    // Under the lock: a close frame went out, or the stream was disposed; the send loop's frames may not follow.
    private bool _closed;

    /// <inheritdoc />
    public override bool CanRead => inner.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => inner.CanWrite;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <summary>
    /// Writes the send loop's batch of whole data frames, unless the WebSocket has already sent its close frame or been
    /// disposed: nothing may follow a close frame (RFC 6455 §5.5.1), and the runtime's WebSocket sends one by itself when
    /// the client breaks the protocol.
    /// </summary>
    /// <returns>False when nothing was written because the stream is closing.</returns>
    /// <exception cref="WebSocketException">The connection failed (the cause is the inner exception), as the runtime's
    /// WebSocket reports it.</exception>
    /// <exception cref="OperationCanceledException">The connection was aborted.</exception>
    public async ValueTask<bool> WriteFramesAsync(ReadOnlyMemory<byte> frames)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_closed)
            {
                return false;
            }

            await inner.WriteAsync(frames);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The runtime WebSocket's write of one frame (a pong, a close frame), once no other write is in progress.</summary>
    /// <exception cref="IOException">The connection is gone.</exception>
    /// <exception cref="ObjectDisposedException">The WebSocket was aborted.</exception>
    /// <exception cref="OperationCanceledException">Kestrel aborted the connection.</exception>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // The runtime writes each frame with one call, its first byte FIN + opcode: 0x88 is a close frame.
            if (!buffer.IsEmpty && buffer.Span[0] == CloseFrameFirstByte)
            {
                _closed = true;
            }

            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        _writeLock.Wait();
        try
        {
            inner.Write(buffer, offset, count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        _writeLock.Wait();
        try
        {
            inner.Flush();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The lock is not disposed: a write racing the WebSocket's abort may still release it (SemaphoreSlim holds no
        // unmanaged state unless its wait handle is asked for, which nothing here does).
        if (disposing)
        {
            _closed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
