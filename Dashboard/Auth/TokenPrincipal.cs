using System.Security.Claims;

namespace Dashboard.Auth;

/// <summary>Who a validated token speaks for: tenant, user and scopes, and when it stops being valid.</summary>
/// <param name="Tenant">The <c>tenant</c> claim; every topic and event is scoped to it.</param>
/// <param name="Subject">The <c>sub</c> claim (empty when absent).</param>
/// <param name="Scopes">The <c>scope</c> claim split on spaces.</param>
/// <param name="ExpiresAt">The <c>exp</c> claim, UTC.</param>
public sealed record TokenPrincipal(string Tenant, string Subject, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt)
{
    /// <summary>Claim type holding the tenant.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>Claim type holding the space-separated scopes.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>Claim type holding <c>exp</c> as Unix seconds.</summary>
    public const string ExpiresClaim = "exp";

    /// <summary>True when the token carries <paramref name="scope"/>.</summary>
    public bool Has(string scope) => Scopes.Contains(scope);

    /// <summary>The claims an authenticated <see cref="ClaimsPrincipal"/> carries for this token.</summary>
    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(ClaimTypes.NameIdentifier, Subject);
        yield return new Claim(TenantClaim, Tenant);
        yield return new Claim(ScopeClaim, string.Join(' ', Scopes));
        yield return new Claim(ExpiresClaim, ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Reads the principal back from claims made by <see cref="ToClaims"/>; null when they are missing.</summary>
    public static TokenPrincipal? FromClaims(ClaimsPrincipal user)
    {
        var tenant = user.FindFirst(TenantClaim)?.Value;
        var exp = user.FindFirst(ExpiresClaim)?.Value;
        if (tenant is null || !long.TryParse(exp, out var expSeconds))
        {
            return null;
        }

        var scopes = (user.FindFirst(ScopeClaim)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new TokenPrincipal(tenant, user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "", scopes, DateTimeOffset.FromUnixTimeSeconds(expSeconds));
    }
}
