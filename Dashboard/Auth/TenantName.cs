namespace Dashboard.Auth;

/// <summary>
/// The rule every tenant id follows (docs/limits.md, "Tokens"): 1 to 64 characters from <c>A–Z a–z 0–9 . _ -</c>. The
/// tenant is part of every key, topic, log line and metric label, so it is checked where it enters: at authentication
/// (a token whose <c>tenant</c> breaks it is <c>401</c> / <c>invalid_token</c>), when a token is issued, and in the
/// configuration that maps webhooks and simulated traffic to tenants.
/// </summary>
public static class TenantName
{
    /// <summary>Longest tenant id, in characters (ASCII only, so also bytes).</summary>
    public const int MaxLength = 64;

    /// <summary>The rule, in the words of an error message.</summary>
    public const string Rule = "1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'";

    /// <summary>True when <paramref name="tenant"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? tenant)
    {
        if (tenant is not { Length: > 0 and <= MaxLength })
        {
            return false;
        }

        foreach (var c in tenant)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
