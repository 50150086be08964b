using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Webhooks;

/// <summary>Why a LiveKit webhook's <c>Authorization</c> was refused, or which key signed it.</summary>
internal enum LiveKitVerdict
{
    /// <summary>Signed by a configured key, in its lifetime, and the body is the one signed.</summary>
    Valid,

    /// <summary>No <c>Authorization</c> header (<c>401</c>).</summary>
    Missing,

    /// <summary>Malformed token, unknown key, bad signature, expired, or the body changed (<c>403</c>).</summary>
    Invalid,
}

/// <summary>
/// Verifies a LiveKit webhook (https://docs.livekit.io/home/server/webhooks/, "Receiving webhooks"): the
/// <c>Authorization</c> header holds a JWT (HS256) signed with the API secret, whose <c>iss</c> is the API key and
/// whose <c>sha256</c> claim is the standard Base64 of the SHA-256 of the raw body (LiveKit's server SDKs'
/// <c>WebhookReceiver.receive</c>). <c>exp</c> is required and <c>nbf</c> honoured, with <see cref="ClockSkew"/>,
/// against the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class LiveKitWebhookVerifier(IOptions<WebhooksOptions> options, TimeProvider time)
{
    /// <summary>Tolerance on <c>exp</c> and <c>nbf</c>: LiveKit signs each delivery for a few minutes.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// Checks <paramref name="authorization"/> (the raw header value; a <c>Bearer </c> prefix is tolerated) against
    /// <paramref name="body"/>. Never throws for bad input.
    /// </summary>
    /// <returns>The verdict and, when valid, the API key (the token's <c>iss</c>) and its configuration.</returns>
    public async Task<(LiveKitVerdict Verdict, string? ApiKey, LiveKitKeyOptions? Key)> VerifyAsync(string? authorization, ReadOnlyMemory<byte> body)
    {
        var token = authorization?.Trim();
        if (token is { Length: > 7 } && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token[7..].Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            return (LiveKitVerdict.Missing, null, null);
        }

        // The issuer picks the secret, so it is read before the signature is checked; nothing else is trusted yet.
        if (ReadIssuer(token) is not { Length: > 0 } apiKey || !options.Value.LiveKit.Keys.TryGetValue(apiKey, out var key))
        {
            return (LiveKitVerdict.Invalid, null, null);
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key.Secret!)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ValidIssuer = apiKey,
            ValidateIssuer = true,
            ValidateAudience = false,
            // Checked below against TimeProvider, so tests can move the clock.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !InLifetime(jwt))
        {
            return (LiveKitVerdict.Invalid, null, null);
        }

        if (!jwt.TryGetPayloadValue<string>("sha256", out var claimed) || claimed is null)
        {
            return (LiveKitVerdict.Invalid, null, null);
        }

        var actual = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body.Span)));
        return CryptographicOperations.FixedTimeEquals(actual, Encoding.UTF8.GetBytes(claimed))
            ? (LiveKitVerdict.Valid, apiKey, key)
            : (LiveKitVerdict.Invalid, null, null);
    }

    private string? ReadIssuer(string token)
    {
        if (token.Length > 8192 || !_handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            // Malformed Base64url or JSON inside a token-shaped string (SecurityTokenMalformedException is one).
            return null;
        }
    }

    private bool InLifetime(JsonWebToken jwt)
    {
        var now = time.GetUtcNow();
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || now - ClockSkew >= DateTimeOffset.FromUnixTimeSeconds(exp))
        {
            return false;
        }

        return !jwt.TryGetPayloadValue<long>("nbf", out var nbf) || now + ClockSkew >= DateTimeOffset.FromUnixTimeSeconds(nbf);
    }
}
