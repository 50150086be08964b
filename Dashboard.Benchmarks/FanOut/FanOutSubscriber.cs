using System.Net.WebSockets;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// One load-client socket and its counters. Messages are told apart by one byte at a fixed offset, which works across
/// partial receives: <c>{"type":"b…</c> (offset 9) is a benchmark message of the bare and Dashboard servers,
/// <c>{"type":"p…</c> a Dashboard ping; <c>{"type":1</c> (offset 8) a SignalR invocation (the only ones after the handshake
/// are the broadcasts), <c>{"type":6</c> a SignalR ping.
/// </summary>
internal sealed class FanOutSubscriber(ClientWebSocket socket)
{
    public long Received;
    public long Bytes;
    public volatile bool Closed;
    private int _position;
    private byte _marker;

    public ClientWebSocket Socket { get; } = socket;

    /// <summary>One receive of a WebSocket message; at its end, counts it when it is a benchmark message.</summary>
    /// <returns>The message's marker byte at its end (<c>p</c> for a ping), else 0.</returns>
    public byte CountMessage(ReadOnlySpan<byte> chunk, bool endOfMessage)
    {
        const int offset = 9;
        if (_position <= offset && offset < _position + chunk.Length)
        {
            _marker = chunk[offset - _position];
        }

        _position += chunk.Length;
        if (!endOfMessage)
        {
            return 0;
        }

        var marker = _marker;
        if (marker == (byte)'b')
        {
            Volatile.Write(ref Received, Received + 1);
        }

        _position = 0;
        _marker = 0;
        return marker;
    }

    /// <summary>Counts SignalR invocation records (ended by 0x1E) in one receive; a record may span receives.</summary>
    public void CountRecords(ReadOnlySpan<byte> chunk)
    {
        const int offset = 8;
        var received = 0;
        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOf((byte)0x1E);
            var recordBytes = end < 0 ? chunk.Length : end;
            if (_position <= offset && offset < _position + recordBytes)
            {
                _marker = chunk[offset - _position];
            }

            if (end < 0)
            {
                _position += chunk.Length;
                break;
            }

            if (_marker == (byte)'1')
            {
                received++;
            }

            _position = 0;
            _marker = 0;
            chunk = chunk[(end + 1)..];
        }

        if (received > 0)
        {
            Volatile.Write(ref Received, Received + received);
        }
    }
}
