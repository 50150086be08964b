using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>Validates <see cref="AuthOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>The key whose window a session token must outlive (read here: it belongs to the realtime options).</summary>
    internal const string WarningKey = "Realtime:TokenExpiryWarningSeconds";

    private const int DefaultWarningSeconds = 60;

    private readonly IConfiguration? _configuration;

    /// <summary>Checks the <c>Auth</c> keys alone (the <c>token</c> command, which mints no session tokens).</summary>
    public AuthOptionsValidator()
    {
    }

    /// <summary>Also checks <c>Auth:SessionTokenLifetimeSeconds</c> against <c>Realtime:TokenExpiryWarningSeconds</c> (the server).</summary>
    public AuthOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey is required (environment variable Auth__SigningKey): an HS256 key of at least 32 bytes.");
        }

        if (options.SigningKeyBytes.Length < 32)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey is {options.SigningKeyBytes.Length} bytes long; HS256 needs at least 32.");
        }

        if ((AuthorityProblem(options) ?? ClaimNameProblem(options) ?? PublicKeyProblem(options)) is { } problem)
        {
            return ValidateOptionsResult.Fail(problem);
        }

        if (options.ClockSkewSeconds is < 0 or > 300)
        {
            return ValidateOptionsResult.Fail("Auth:ClockSkewSeconds must be between 0 and 300.");
        }

        if (options.SessionTokenLifetimeSeconds is < 1 or > 86400)
        {
            return ValidateOptionsResult.Fail($"Auth:SessionTokenLifetimeSeconds must be between 1 and 86400 (was {options.SessionTokenLifetimeSeconds}).");
        }

        // A session token that starts inside the token_expiring window draws the warning with its own auth_success, and
        // the page's refresh gets another such token: an endless refresh loop. More than twice the window leaves a token
        // at least as long outside the warning as inside it.
        var warning = WarningSeconds();
        return warning is { } w && options.SessionTokenLifetimeSeconds <= 2L * w
            ? ValidateOptionsResult.Fail(
                $"Auth:SessionTokenLifetimeSeconds ({options.SessionTokenLifetimeSeconds}) must be more than twice {WarningKey} ({w}), " +
                $"or every session token is announced as expiring as soon as it is used; raise Auth:SessionTokenLifetimeSeconds above {2L * w} or lower {WarningKey}.")
            : ValidateOptionsResult.Success;
    }

    private static string? AuthorityProblem(AuthOptions options)
    {
        if (options.KeyRefreshIntervalSeconds is < 1 or > 3600)
        {
            return $"Auth:KeyRefreshIntervalSeconds must be between 1 and 3600 (was {options.KeyRefreshIntervalSeconds}).";
        }

        if (string.IsNullOrEmpty(options.Authority))
        {
            return null;
        }

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || authority.Query.Length > 0 || authority.Fragment.Length > 0)
        {
            return $"Auth:Authority must be an absolute http(s) URL without query or fragment, the issuer of an OpenID Connect provider (was '{options.Authority}').";
        }

        if (authority.Scheme != "https" && options.RequireHttpsMetadata)
        {
            return $"Auth:Authority must use https (was '{options.Authority}'); set Auth:RequireHttpsMetadata to false only for a development issuer.";
        }

        // Without an audience, any token the provider issues for any of its applications would be accepted here.
        return string.IsNullOrEmpty(options.Audience)
            ? "Auth:Audience is required with Auth:Authority: the aud value the identity provider puts into this server's access tokens."
            : null;
    }

    private static string? ClaimNameProblem(AuthOptions options)
    {
        foreach (var (key, value) in new[] { ("Auth:TenantClaim", options.TenantClaim), ("Auth:ScopeClaim", options.ScopeClaim) })
        {
            if (value is not { Length: > 0 and <= 100 } || value.Any(char.IsControl))
            {
                return $"{key} must be a claim name of 1 to 100 characters without control characters.";
            }
        }

        return options.TenantClaim == options.ScopeClaim ? "Auth:TenantClaim and Auth:ScopeClaim must name different claims." : null;
    }

    private static string? PublicKeyProblem(AuthOptions options)
    {
        for (var i = 0; i < options.PublicKeys.Count; i++)
        {
            try
            {
                using var key = PublicKeyPem.Load(options.PublicKeys[i], $"Auth:PublicKeys:{i}");
            }
            catch (FormatException e)
            {
                return e.Message;
            }
        }

        return null;
    }

    // Null without configuration or when the value is not a number: the realtime options' own validation reports that.
    private int? WarningSeconds()
    {
        if (_configuration is null)
        {
            return null;
        }

        var text = _configuration[WarningKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultWarningSeconds;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }
}
