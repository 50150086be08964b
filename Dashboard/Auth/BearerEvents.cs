using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Dashboard.Auth;

/// <summary>
/// The JwtBearer scheme's events (docs/protocol.md §2): where the token is read from, how a validated token
/// becomes the app's principal, and the <c>401</c> a refused token gets.
/// </summary>
internal static class BearerEvents
{
    /// <summary>The HTTP bearer scheme's name.</summary>
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    private const string QueryParameter = "access_token";

    /// <summary>
    /// True when the request carries a bearer token: <c>Authorization: Bearer &lt;jwt&gt;</c> (RFC 6750 §2.1) or, for
    /// EventSource and polling clients that cannot set headers, the <c>access_token</c> query parameter (RFC 6750 §2.3).
    /// </summary>
    public static bool HasToken(HttpRequest request) => FindToken(request) is not null;

    /// <summary>The events, for <see cref="JwtBearerOptions.Events"/>.</summary>
    public static JwtBearerEvents Create() => new()
    {
        OnMessageReceived = MessageReceived,
        OnTokenValidated = TokenValidated,
        OnChallenge = ChallengeAsync,
    };

    // The header wins over the query, as it always did; a present but empty or oversized token is refused here with
    // the same reason the WebSocket auth message gets, rather than passed over as "no token".
    private static Task MessageReceived(MessageReceivedContext context)
    {
        var token = FindToken(context.Request);
        if (token is null)
        {
            context.NoResult();
        }
        else if (string.IsNullOrWhiteSpace(token) || token.Length > TokenService.MaxTokenLength)
        {
            context.Fail("token missing or too long");
        }
        else
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    private static string? FindToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue(QueryParameter, out var query) ? query.ToString() : null;
    }

    // The token's own claims become the app's principal exactly as for the WebSocket auth message and /login (one
    // reader: TokenService.ReadPrincipal), so Auth:TenantClaim and Auth:ScopeClaim apply on every path.
    private static Task TokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken jwt)
        {
            context.Fail("token rejected");
            return Task.CompletedTask;
        }

        var result = context.HttpContext.RequestServices.GetRequiredService<TokenService>().ReadPrincipal(jwt);
        if (!result.IsValid)
        {
            context.Fail(result.Reason!);
            return Task.CompletedTask;
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(result.Principal!.ToClaims(), SchemeName));
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>401</c>. For a token that was sent but refused: <c>WWW-Authenticate: Bearer error="invalid_token",
    /// error_description="…"</c> (RFC 6750 §3) and a problem+json body with the same reason (e.g. which claim broke which
    /// rule), so a client can tell a bad token from a missing one. The reasons are <see cref="TokenService"/>'s, which
    /// never quote the token or key material.
    /// </summary>
    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        if (context.AuthenticateFailure is not { } failure)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        // Library exceptions carry the library's wording (and key listings): described in ours. Failures raised above
        // (Fail(reason)) already are ours.
        var described = failure is Microsoft.IdentityModel.Tokens.SecurityTokenException or ArgumentException
            ? TokenService.Describe(failure).Reason!
            : failure.Message;
        // RFC 6750 §3: error_description is printable ASCII without '"' and '\'.
        var reason = new string([.. described.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?')]);
        response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid token", detail: reason).ExecuteAsync(context.HttpContext);
    }
}
