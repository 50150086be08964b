using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Auth;

/// <summary>
/// The discovery document and JWKS of <c>Auth:Authority</c> (docs/identity.md), shared by JwtBearer and
/// <see cref="TokenService"/>. Fetched at first use, again every 12 hours, and at once when a token names a <c>kid</c>
/// the current keys lack (the handler's <see cref="RequestRefresh"/>), at most once per
/// <c>Auth:KeyRefreshIntervalSeconds</c>. Unlike the library's manager, which refreshes in the background and fails the
/// token that asked, a requested refresh is awaited by the next read, so the very token signed with a newly rotated key
/// validates. A failed fetch keeps the keys already held (and is retried after the same interval).
/// </summary>
internal sealed partial class AuthorityConfigurationManager : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    /// <summary>Largest discovery document or JWKS read, in bytes.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    /// <summary>How long one fetch of either document may take.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly HttpDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly Lock _gate = new();
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _nextFetch = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastRequest;
    private bool _requested;

    /// <summary>For <c>Auth:Authority</c>; the options were validated at start.</summary>
    public AuthorityConfigurationManager(IOptions<AuthOptions> options, TimeProvider time, ILogger<AuthorityConfigurationManager> logger)
    {
        var auth = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient { Timeout = FetchTimeout, MaxResponseContentBufferSize = MaxDocumentBytes };
        _documents = new HttpDocumentRetriever(_http) { RequireHttps = auth.RequireHttpsMetadata };
        MetadataAddress = auth.Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        RefreshInterval = TimeSpan.FromSeconds(auth.KeyRefreshIntervalSeconds);
        // A key the provider stopped publishing is not trusted past the next fetch.
        UseLastKnownGoodConfiguration = false;
    }

    /// <inheritdoc />
    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => await GetConfigurationAsync(cancel);

    /// <summary>The current configuration, fetched first when a refresh was requested or is due (first use, 12 hours, after a failure).</summary>
    /// <exception cref="InvalidOperationException">Nothing was ever fetched successfully (the message says why).</exception>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var held = Current(out var due);
        if (!due)
        {
            return held ?? throw Unavailable();
        }

        await _fetch.WaitAsync(cancel);
        try
        {
            // Whoever held the gate may have fetched already.
            held = Current(out due);
            if (!due)
            {
                return held ?? throw Unavailable();
            }

            return await FetchAsync();
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>Asks for a fetch at the next read, unless one was asked for less than <c>Auth:KeyRefreshIntervalSeconds</c> ago.</summary>
    public override void RequestRefresh()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_lastRequest is { } last && now - last < RefreshInterval)
            {
                return;
            }

            _lastRequest = now;
            _requested = true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _fetch.Dispose();
    }

    private OpenIdConnectConfiguration? Current(out bool due)
    {
        lock (_gate)
        {
            due = _requested || _time.GetUtcNow() >= _nextFetch;
            return _current;
        }
    }

    // Between failed first fetches: tokens of the server's own keys still validate, quickly, meanwhile.
    private InvalidOperationException Unavailable() =>
        new($"The identity provider's configuration at {MetadataAddress} is not available yet; the next attempt is due at {_nextFetch:o}.");

    private async Task<OpenIdConnectConfiguration> FetchAsync()
    {
        OpenIdConnectConfiguration? held;
        lock (_gate)
        {
            held = _current;
            _requested = false;
        }

        try
        {
            // Not the caller's token: the fetch is shared by every request waiting for it; FetchTimeout bounds it.
            var configuration = KeepSignatureKeys(await OpenIdConnectConfigurationRetriever.GetAsync(MetadataAddress, _documents, CancellationToken.None));
            lock (_gate)
            {
                _current = configuration;
                _nextFetch = _time.GetUtcNow() + AutomaticRefreshInterval;
            }

            LogFetched(_logger, MetadataAddress, configuration.Issuer, configuration.SigningKeys.Count);
            return configuration;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure (network, TLS, HTTP status, JSON, a non-https jwks_uri) leaves the keys held in use.
            lock (_gate)
            {
                _nextFetch = _time.GetUtcNow() + RefreshInterval;
            }

            LogFetchFailed(_logger, e, MetadataAddress);
            return held ?? throw new InvalidOperationException($"The identity provider's configuration at {MetadataAddress} could not be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Drops the signing keys of JWKS entries that name an <c>alg</c> other than RS256 for an RSA key or ES256 for a P-256
    /// key (RFC 7517 §4.4: the algorithm the key is meant for). The retriever turns each entry into an
    /// <see cref="RsaSecurityKey"/>, <see cref="X509SecurityKey"/> or <see cref="ECDsaSecurityKey"/> and forgets its
    /// <c>alg</c>, so without this a key published for RS384 or PS256 would verify RS256 tokens.
    /// </summary>
    internal static OpenIdConnectConfiguration KeepSignatureKeys(OpenIdConnectConfiguration configuration)
    {
        var refused = (configuration.JsonWebKeySet?.Keys ?? [])
            .Where(jwk => jwk.Kid is not null && jwk.Alg is { Length: > 0 } alg && (jwk.Kty, alg) switch
            {
                (JsonWebAlgorithmsKeyTypes.RSA, SecurityAlgorithms.RsaSha256) => false,
                (JsonWebAlgorithmsKeyTypes.EllipticCurve, SecurityAlgorithms.EcdsaSha256) => false,
                _ => true,
            })
            .Select(jwk => jwk.Kid!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in configuration.SigningKeys.Where(k => k.KeyId is not null && refused.Contains(k.KeyId)).ToList())
        {
            configuration.SigningKeys.Remove(key);
        }

        return configuration;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the identity provider configuration at {Address}: issuer {Issuer}, {KeyCount} signing keys")]
    private static partial void LogFetched(ILogger logger, string address, string issuer, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the identity provider configuration at {Address}; keeping the keys already held, if any")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string address);
}
