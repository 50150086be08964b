using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A minimal RFC 6455 client on a raw socket with a tiny receive buffer, so a test can stall it (stop reading) and the
/// kernel absorbs almost nothing: the server sees a slow consumer after kilobytes, not megabytes.
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawWebSocket> ConnectAsync(Uri baseAddress)
    {
        // Set before connecting, so the advertised TCP window stays small.
        var tcp = new TcpClient { ReceiveBufferSize = 4096, NoDelay = true };
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var ws = new RawWebSocket(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await ws._stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /ws HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await ws._stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed during the handshake");
            }

            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
        return ws;
    }

    /// <summary>Sends one masked text frame (clients must mask, RFC 6455 §5.3).</summary>
    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends a ping frame (RFC 6455 §5.5.2: at most 125 bytes of payload), which the server must answer with a pong carrying it.</summary>
    public Task SendPingAsync(byte[] payload) => SendFrameAsync(0x9, payload);

    private async Task SendFrameAsync(int opcode, byte[] payload)
    {
        var mask = RandomNumberGenerator.GetBytes(4);
        using var frame = new MemoryStream();
        frame.WriteByte((byte)(0x80 | opcode));
        if (payload.Length < 126)
        {
            frame.WriteByte((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.WriteByte(0x80 | 126);
            frame.WriteByte((byte)(payload.Length >> 8));
            frame.WriteByte((byte)payload.Length);
        }

        frame.Write(mask);
        for (var i = 0; i < payload.Length; i++)
        {
            frame.WriteByte((byte)(payload[i] ^ mask[i % 4]));
        }

        await _stream.WriteAsync(frame.ToArray());
    }

    /// <summary>Reads the next frame: its opcode and payload (server frames are never masked).</summary>
    public async Task<(int Opcode, byte[] Payload)> ReceiveFrameAsync(CancellationToken ct)
    {
        var header = await ReadExactlyAsync(2, ct);
        var opcode = header[0] & 0x0F;
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, ct));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8, ct));
        }

        return (opcode, await ReadExactlyAsync((int)length, ct));
    }

    /// <summary>Reads text frames until one contains <paramref name="fragment"/>.</summary>
    public async Task ReceiveUntilAsync(string fragment, CancellationToken ct)
    {
        while (true)
        {
            var (opcode, payload) = await ReceiveFrameAsync(ct);
            if (opcode == 0x8)
            {
                throw new IOException("closed while waiting for " + fragment);
            }

            if (Encoding.UTF8.GetString(payload).Contains(fragment, StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    public void Dispose() => _tcp.Dispose();

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }
}
