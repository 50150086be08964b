namespace Dashboard.Auth;

/// <summary>
/// Why a sign-in at the issuer did not open a session: the <c>error</c> codes <c>/signin?error=</c> shows as readable text
/// (docs/identity.md). A fixed set, so the sign-in page never echoes text from the query string; the exact reason is
/// in the server log.
/// </summary>
public static class SignInErrors
{
    /// <summary>The issuer's access token names no tenant (or one breaking the tenant rule).</summary>
    public const string NoTenant = "no_tenant";

    /// <summary>The issuer's access token lacks <c>dashboard:read</c>.</summary>
    public const string NoReadScope = "no_read_scope";

    /// <summary>The issuer's access token was refused (signature, issuer, audience, lifetime) or is missing.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>The access token ends too soon to be worth a session (<see cref="OidcSignInEvents.MinSessionSeconds"/>).</summary>
    public const string ShortToken = "short_token";

    /// <summary>The issuer answered with an error (the person cancelled, the client is misconfigured), or the round trip broke.</summary>
    public const string Failed = "failed";

    /// <summary>The issuer's discovery document could not be read.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>The text shown for <paramref name="code"/>; null for an unknown or absent code.</summary>
    public static string? Describe(string? code) => code switch
    {
        NoTenant => "Your account at the identity provider carries no tenant, so the dashboard cannot tell whose data to show. " +
                    "Ask an administrator to add the tenant claim to your account.",
        NoReadScope => $"Your account at the identity provider does not grant '{Scopes.Read}'. Ask an administrator for access to the dashboard.",
        InvalidToken => "The identity provider's access token was refused (issuer, audience, signature or lifetime). The server log says which.",
        ShortToken => "The identity provider's access token expires too soon to open a session. Ask an administrator to raise the client's access token lifespan.",
        Failed => "Signing in at the identity provider did not complete (cancelled, or the identity provider answered with an error). Try again.",
        Unreachable => "The identity provider cannot be reached right now. Try again in a moment.",
        _ => null,
    };
}
