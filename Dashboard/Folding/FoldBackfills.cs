using Dashboard.Calendar;
using Npgsql;

namespace Dashboard.Folding;

/// <summary>The backfill of every domain added to the fold after its events were stored (chat, commerce, KPIs), run by the tick.</summary>
internal sealed class FoldBackfills(NpgsqlDataSource dataSource, FoldRowReader reader, TenantTimeZones zones, TimeProvider time, ILogger<FoldBackfill> logger)
{
    /// <summary>Chat's (migration 0008).</summary>
    public FoldBackfill Chat { get; } = new(BackfillDomain.Chat, dataSource, reader, zones, time, logger);

    /// <summary>Commerce's (migration 0011).</summary>
    public FoldBackfill Commerce { get; } = new(BackfillDomain.Commerce, dataSource, reader, zones, time, logger);

    /// <summary>The custom KPIs' (migration 0013).</summary>
    public FoldBackfill Kpi { get; } = new(BackfillDomain.Kpi, dataSource, reader, zones, time, logger);

    /// <summary>One bounded chunk of each backfill not yet done; the events applied, all domains.</summary>
    /// <exception cref="NpgsqlException">The database failed; the next tick retries.</exception>
    public async Task<int> RunAsync(CancellationToken ct) => await Chat.RunAsync(ct) + await Commerce.RunAsync(ct) + await Kpi.RunAsync(ct);
}
