namespace Dashboard.Auth;

/// <summary>
/// Signing people in to the pages through the OpenID Connect issuer of <c>Auth:Authority</c> (configuration section
/// <c>Auth:Oidc</c>; docs/identity.md). Off while <see cref="ClientId"/> is unset: the pages then sign in with
/// <c>/login?token=</c> only.
/// </summary>
public sealed class OidcSignInOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth:Oidc";

    /// <summary>Longest <see cref="ClientId"/>, <see cref="ClientSecret"/>, <see cref="Scopes"/> or path accepted, in characters.</summary>
    public const int MaxLength = 1000;

    /// <summary>
    /// The client id registered at the issuer for the pages (e.g. <c>dashboard-pages</c>). Setting it turns the "Sign in"
    /// button on; it then needs <c>Auth:Authority</c>. At most <see cref="MaxLength"/> printable ASCII characters.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The client's secret (a confidential client, sent to the token endpoint with the code). Leave unset for a public
    /// client: PKCE alone then protects the code. Environment variable: <c>Auth__Oidc__ClientSecret</c>.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The scopes asked for at the authorize endpoint, space separated (RFC 6749 §3.3). Default <c>openid profile</c>;
    /// <c>openid</c> is always sent. Add what the issuer needs to put <c>Auth:Audience</c>, the tenant and the scopes into
    /// the access token (e.g. a Keycloak client scope, or <c>api://dashboard/.default</c> for Entra ID).
    /// </summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>Where the issuer sends the browser back with the code (the redirect URI to register). Default <c>/signin-oidc</c>.</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Where the issuer sends the browser back after signing out (the post-logout redirect URI to register). Default <c>/signout-callback-oidc</c>.</summary>
    public string SignedOutCallbackPath { get; set; } = "/signout-callback-oidc";

    /// <summary>True when the pages offer sign-in at the issuer.</summary>
    public bool Enabled => !string.IsNullOrEmpty(ClientId);

    /// <summary><see cref="Scopes"/> split on spaces, <c>openid</c> first and each scope once.</summary>
    public IReadOnlyList<string> ScopeList =>
        ["openid", .. Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "openid").Distinct(StringComparer.Ordinal)];
}
