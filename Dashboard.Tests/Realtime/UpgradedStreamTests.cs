using Dashboard.Realtime.WebSockets;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// The stream the send loop and the runtime's WebSocket share: the send loop's frames never follow the close frame
/// (RFC 6455 §5.5.1), and a failed write reaches the send loop as the WebSocket would report it.
/// </summary>
public sealed class UpgradedStreamTests
{
    private static byte[] Frame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[WebSocketFrames.FrameBytes(payload.Length)];
        WebSocketFrames.WriteText(frame, payload);
        return frame;
    }

    [Fact]
    public async Task The_send_loops_frames_stop_at_the_close_frame_the_runtime_WebSocket_wrote()
    {
        using var wire = new MemoryStream();
        var stream = new UpgradedStream(wire);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

        Assert.True(await stream.WriteFramesAsync(Frame("before")));
        var beforeClose = wire.Length;

        // As when a client breaks the protocol: the runtime sends its close frame by itself (1002).
        await socket.CloseOutputAsync(WebSocketCloseStatus.ProtocolError, "", CancellationToken.None);
        var closeFrame = wire.ToArray()[(int)beforeClose..];
        Assert.Equal(0x88, closeFrame[0]);

        Assert.False(await stream.WriteFramesAsync(Frame("after")));
        Assert.Equal(beforeClose + closeFrame.Length, wire.Length);
    }

    [Fact]
    public async Task Nothing_is_written_once_the_WebSocket_was_aborted()
    {
        using var wire = new MemoryStream();
        var stream = new UpgradedStream(wire);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

        socket.Abort();

        Assert.False(await stream.WriteFramesAsync(Frame("after")));
    }

    [Fact]
    public async Task A_failed_write_is_reported_as_a_WebSocketException_with_its_cause()
    {
        var stream = new UpgradedStream(new FailingStream());

        var error = await Assert.ThrowsAsync<WebSocketException>(async () => await stream.WriteFramesAsync(Frame("x")));
        Assert.IsType<IOException>(error.InnerException);
    }

    // A connection reset by the peer: every write fails.
    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("Connection reset by peer"));
    }
}
