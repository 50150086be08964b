using Dashboard.Folding.DeadLetters;
using Npgsql;

namespace Dashboard.Pages.Shell;

/// <summary>
/// What <c>Pages/Shared/_DeadLetters.cshtml</c> shows (docs/pages.md): the tenant's dead-letter counts and, on the System
/// page, the newest entries with Retry and Discard for <c>admin</c>. <see cref="Unavailable"/> when the database did not
/// answer: the panel says so and the rest of the page still renders.
/// </summary>
/// <param name="Counts">The tenant's entries by state; null when unavailable.</param>
/// <param name="Entries">Newest first (empty on the Jobs page, which shows the counts only).</param>
/// <param name="ShowEntries">True on the System page.</param>
public sealed record DeadLettersPanel(DeadLetterCounts? Counts, IReadOnlyList<DeadLetterEntry> Entries, bool ShowEntries)
{
    /// <summary>Entries the System page lists at first (the script refreshes from <c>GET /api/v1/dead-letters</c>).</summary>
    public const int PageEntries = 50;

    /// <summary>True when the database did not answer.</summary>
    public bool Unavailable => Counts is null;

    /// <summary>Reads the tenant's panel; never throws for an unreachable database.</summary>
    internal static async Task<DeadLettersPanel> ReadAsync(DeadLetterStore store, string tenant, bool showEntries, CancellationToken ct)
    {
        try
        {
            var (entries, counts) = await store.ListAsync(tenant, showEntries ? PageEntries : 1, ct);
            return new DeadLettersPanel(counts, showEntries ? entries : [], showEntries);
        }
        catch (NpgsqlException)
        {
            return new DeadLettersPanel(null, [], showEntries);
        }
    }
}
