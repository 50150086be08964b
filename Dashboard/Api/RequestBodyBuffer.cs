using System.Buffers;

namespace Dashboard.Api;

/// <summary>
/// A request body read into one pooled buffer, never more than a byte limit: the limit is enforced on the bytes
/// actually received (chunked bodies and a lying <c>Content-Length</c> included), not on the header alone.
/// </summary>
internal sealed class RequestBodyBuffer : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private byte[] _buffer;
    private int _length;

    private RequestBodyBuffer(byte[] buffer) => _buffer = buffer;

    /// <summary>The bytes read.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>
    /// Reads the whole body of <paramref name="ctx"/>'s request; null when it is larger than <paramref name="maxBytes"/>
    /// (<c>413</c>). A <c>Content-Length</c> over the limit is refused unread, and Kestrel is told the same limit instead
    /// of its 30 MB default, so a client cannot keep sending past it.
    /// </summary>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    public static async Task<RequestBodyBuffer?> ReadAsync(HttpContext ctx, long maxBytes)
    {
        if (ctx.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        return await ReadAsync(ctx.Request, maxBytes, ctx.RequestAborted);
    }

    /// <summary>
    /// Reads the whole body; null when it is larger than <paramref name="maxBytes"/> (the rest is left unread, and
    /// Kestrel's own limit, when the caller set it, stops the client from sending much more).
    /// </summary>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    public static async Task<RequestBodyBuffer?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        // One byte past the limit is enough to know the body is too large.
        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        var first = request.ContentLength is > 0 and var length ? (int)Math.Min(length + 1, cap) : Math.Min(InitialSize, cap);
        var body = new RequestBodyBuffer(ArrayPool<byte>.Shared.Rent(first));
        try
        {
            while (true)
            {
                if (body._length == body._buffer.Length && !body.Grow(cap))
                {
                    body.Dispose();
                    return null;
                }

                var read = await request.Body.ReadAsync(body._buffer.AsMemory(body._length, Math.Min(body._buffer.Length, cap) - body._length), ct);
                if (read == 0)
                {
                    return body;
                }

                body._length += read;
                if (body._length > maxBytes)
                {
                    body.Dispose();
                    return null;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            return null;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _length = 0;
    }

    private bool Grow(int cap)
    {
        if (_buffer.Length >= cap)
        {
            return false;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, cap));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
        return true;
    }
}
