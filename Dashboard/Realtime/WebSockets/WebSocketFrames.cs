using System.Buffers.Binary;

namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// The server's text frames, written by hand for the send loop's batches (RFC 6455 §5.2): FIN set, opcode 1 (text), no
/// extension bits, unmasked (a server must not mask, RFC 6455 §5.1), then the payload length in 7, 7+16 or 7+64 bits
/// and the payload.
/// </summary>
internal static class WebSocketFrames
{
    /// <summary>Bytes of the header for a payload of <paramref name="payloadLength"/> bytes: 2, 4 or 10.</summary>
    public static int HeaderBytes(int payloadLength) => payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;

    /// <summary>Bytes of the whole frame (header and payload) for <paramref name="payloadLength"/> bytes of payload.</summary>
    public static int FrameBytes(int payloadLength) => HeaderBytes(payloadLength) + payloadLength;

    /// <summary>Writes one final text frame holding <paramref name="payload"/> (UTF-8) at the start of <paramref name="destination"/>.</summary>
    /// <returns>Bytes written: <see cref="FrameBytes"/> of the payload's length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the frame.</exception>
    public static int WriteText(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        var header = HeaderBytes(payload.Length);
        if (destination.Length < header + payload.Length)
        {
            throw new ArgumentException("The destination is shorter than the frame.", nameof(destination));
        }

        destination[0] = 0x81; // FIN + opcode 1 (text)
        switch (header)
        {
            case 2:
                destination[1] = (byte)payload.Length;
                break;
            case 4:
                destination[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
                break;
            default:
                destination[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
                break;
        }

        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }
}
