using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Realtime.WebSockets;

/// <summary>
/// Stands in for the server's upgrade features on <c>/ws</c> (RFC 6455 over HTTP/1.1, RFC 8441 over HTTP/2), so the
/// stream the WebSocket middleware accepts is an <see cref="UpgradedStream"/> the connection's send loop can also write
/// whole frames to. The handshake itself (header checks, <c>Sec-WebSocket-Accept</c>, the 101) stays the framework's.
/// </summary>
internal sealed class UpgradeCapture : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    private readonly IHttpUpgradeFeature? _upgrade;
    private readonly IHttpExtendedConnectFeature? _connect;

    private UpgradeCapture(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect)
    {
        _upgrade = upgrade;
        _connect = connect;
    }

    /// <summary>The accepted stream; null until the WebSocket middleware accepts the request.</summary>
    public UpgradedStream? Stream { get; private set; }

    /// <inheritdoc />
    public bool IsUpgradableRequest => _upgrade?.IsUpgradableRequest ?? false;

    /// <inheritdoc />
    public bool IsExtendedConnect => _connect?.IsExtendedConnect ?? false;

    /// <inheritdoc />
    public string? Protocol => _connect?.Protocol;

    /// <summary>
    /// Replaces the request's upgrade features with one capture, before <c>UseWebSockets</c> reads them, and adds the
    /// capture itself as a feature (<c>context.Features.Get&lt;UpgradeCapture&gt;()</c>). Does nothing when the server
    /// offers neither feature (nothing can be upgraded then).
    /// </summary>
    public static void Install(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        if (upgrade is null && connect is null)
        {
            return;
        }

        var capture = new UpgradeCapture(upgrade, connect);
        if (upgrade is not null)
        {
            context.Features.Set<IHttpUpgradeFeature>(capture);
        }

        if (connect is not null)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(capture);
        }

        context.Features.Set(capture);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request is not an HTTP/1.1 upgrade.</exception>
    public async Task<Stream> UpgradeAsync() =>
        Stream = new UpgradedStream(await (_upgrade ?? throw new InvalidOperationException("Not an HTTP/1.1 upgrade request.")).UpgradeAsync());

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request is not an RFC 8441 extended CONNECT.</exception>
    public async ValueTask<Stream> AcceptAsync() =>
        Stream = new UpgradedStream(await (_connect ?? throw new InvalidOperationException("Not an extended CONNECT request.")).AcceptAsync());
}
