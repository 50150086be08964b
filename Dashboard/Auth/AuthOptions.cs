using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>Token validation settings (configuration section <c>Auth</c>; PROTOCOL.md §2).</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// HS256 key (UTF-8, at least 32 bytes: RFC 7518 §3.2 requires a key at least as long as the hash).
    /// Environment variable: <c>Auth__SigningKey</c>. In Development a random key is generated into the data folder when unset.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Required <c>iss</c> claim when set (RFC 7519 §4.1.1).</summary>
    public string? Issuer { get; set; }

    /// <summary>Required <c>aud</c> claim when set (RFC 7519 §4.1.3).</summary>
    public string? Audience { get; set; }

    /// <summary>Tolerance applied to <c>exp</c> and <c>nbf</c>, in seconds. Default 30.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// Longest lifetime, in seconds, of the tokens <c>GET /api/v1/session/token</c> mints for the pages' cookie session
    /// (never beyond the session's own end). Default 900 (15 minutes); 1 to 86400.
    /// </summary>
    public int SessionTokenLifetimeSeconds { get; set; } = 900;

    internal byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");
}

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
