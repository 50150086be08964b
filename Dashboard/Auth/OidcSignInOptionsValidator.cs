using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>Validates <see cref="OidcSignInOptions"/> against <c>Auth:Authority</c>, naming the exact configuration key at fault.</summary>
internal sealed class OidcSignInOptionsValidator(IConfiguration configuration) : IValidateOptions<OidcSignInOptions>
{
    /// <summary>The issuer's key (the token settings'; read here so the message can name it).</summary>
    internal const string AuthorityKey = "Auth:Authority";

    public ValidateOptionsResult Validate(string? name, OidcSignInOptions options)
    {
        if (!options.Enabled)
        {
            return string.IsNullOrEmpty(options.ClientSecret)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Auth:Oidc:ClientSecret is set but Auth:Oidc:ClientId is not: set both to turn sign-in at the issuer on, or neither.");
        }

        if (Bad(options.ClientId!, allowSpace: false) is { } clientIdError)
        {
            return ValidateOptionsResult.Fail("Auth:Oidc:ClientId " + clientIdError);
        }

        if (options.ClientSecret is { Length: > 0 } secret && Bad(secret, allowSpace: false) is { } secretError)
        {
            return ValidateOptionsResult.Fail("Auth:Oidc:ClientSecret " + secretError);
        }

        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by spaces.
        var scopesError = Bad(options.Scopes, allowSpace: true)
            ?? (options.Scopes.Any(c => c is '"' or '\\') ? "must be scope tokens (RFC 6749 §3.3) separated by spaces: no '\"' or '\\'." : null);
        if (scopesError is not null)
        {
            return ValidateOptionsResult.Fail("Auth:Oidc:Scopes " + scopesError);
        }

        foreach (var (key, path) in new[] { ("Auth:Oidc:CallbackPath", options.CallbackPath), ("Auth:Oidc:SignedOutCallbackPath", options.SignedOutCallbackPath) })
        {
            if (path is not { Length: > 1 } || path[0] != '/' || path[1] == '/' || Bad(path, allowSpace: false) is not null || path.Contains('?') || path.Contains('#'))
            {
                return ValidateOptionsResult.Fail($"{key} must be a path of this site such as /signin-oidc (was '{path}').");
            }
        }

        if (string.Equals(options.CallbackPath, options.SignedOutCallbackPath, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail("Auth:Oidc:SignedOutCallbackPath must differ from Auth:Oidc:CallbackPath.");
        }

        var authority = configuration[AuthorityKey];
        if (string.IsNullOrWhiteSpace(authority))
        {
            return ValidateOptionsResult.Fail($"Auth:Oidc:ClientId needs {AuthorityKey}: the issuer people sign in at (e.g. https://keycloak.example.com/realms/ops).");
        }

        // An id_token's aud is the client id: were the API audience the same, the id_token the pages receive would pass
        // as an access token too (docs/identity.md).
        if (string.Equals(configuration["Auth:Audience"], options.ClientId, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                "Auth:Audience must differ from Auth:Oidc:ClientId: access tokens for the API need an audience of their own, or the pages' id_token would be accepted as an access token.");
        }

        // Its form (absolute URL, https unless Auth:RequireHttpsMetadata is false) is AuthOptions' to check.
        return ValidateOptionsResult.Success;
    }

    private static string? Bad(string value, bool allowSpace)
    {
        if (value.Length > OidcSignInOptions.MaxLength)
        {
            return $"is {value.Length} characters long; at most {OidcSignInOptions.MaxLength}.";
        }

        return value.All(c => c is > ' ' and <= '~' || (allowSpace && c == ' '))
            ? null
            : "must be printable ASCII" + (allowSpace ? "" : " without spaces") + ".";
    }
}
