using Dashboard.Calls;
using Dashboard.Publishing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Campaigns;

/// <summary>
/// Computes the campaign metrics of docs/metrics.md §2 from the fold's state tables: stored counters per campaign, plus the
/// time-dependent parts (active calls, dialing rate) read through indexes that only reach live calls and the last
/// 60 s of attempts, so the cost does not grow with history.
/// </summary>
internal sealed class CampaignMetricsCalculator(NpgsqlDataSource dataSource, IOptions<PayloadOptions>? payloads = null)
{
    private readonly PayloadOptions _payloads = payloads?.Value ?? new PayloadOptions();

    /// <summary>The dialing-rate window: attempts started after now minus this count, divided by its seconds.</summary>
    public static readonly TimeSpan DialingWindow = TimeSpan.FromSeconds(60);

    /// <summary>How long past <see cref="DialingWindow"/> a tenant still counts as live (several ticks of slack).</summary>
    public static readonly TimeSpan LiveMargin = TimeSpan.FromSeconds(5);

    /// <summary>The metrics of <paramref name="tenants"/> at <paramref name="now"/> (UTC), one entry per tenant asked for.</summary>
    public async Task<IReadOnlyList<TenantCampaignMetrics>> ComputeAsync(IReadOnlyCollection<string> tenants, DateTime now, CancellationToken ct)
    {
        if (tenants.Count == 0)
        {
            return [];
        }

        var names = tenants.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var campaigns = await ReadCampaignsAsync(connection, names, ct);
        var live = await ReadLiveCountsAsync(connection, names, now - DialingWindow, now - CallRow.OpenHorizon, ct);
        var active = await ActiveCallsReader.ReadAsync(connection, names, now - CallRow.OpenHorizon, _payloads.MaxActiveCalls, ct);
        return names
            .Select(t => Build(
                t,
                campaigns.GetValueOrDefault(t) ?? [],
                live,
                active.TryGetValue(t, out var a) ? a : ([], 0),
                now,
                _payloads.MaxCampaigns))
            .ToList();
    }

    /// <summary>Assembles one tenant's payloads; pure, so the arithmetic is testable without a database.</summary>
    internal static TenantCampaignMetrics Build(
        string tenant,
        IReadOnlyList<StoredCampaign> campaigns,
        IReadOnlyDictionary<(string Tenant, string CampaignId), (int Active, int Recent)> live,
        (IReadOnlyList<ActiveCallRow> Rows, int Total) active,
        DateTime now,
        int maxCampaigns = int.MaxValue)
    {
        var perCampaign = campaigns
            .OrderBy(c => c.CampaignId, StringComparer.Ordinal)
            .Select(c =>
            {
                var (activeCalls, recent) = live.GetValueOrDefault((tenant, c.CampaignId));
                var o = c.Outcomes;
                return new CampaignMetricsUpdate(
                    c.CampaignId, c.Name, c.Status, activeCalls, c.QueueDepth, recent / DialingWindow.TotalSeconds,
                    c.TotalAttempts, c.Answered, o.Busy, o.Failed, o.NoAnswer, o.Converted, o.OptedOut,
                    Ratio(c.Answered, c.TotalAttempts), Ratio(o.Converted, c.Answered), o, now);
            })
            .ToList();

        var sum = Sum(perCampaign.Select(c => c.OutcomeCounts));
        var recentAttempts = campaigns.Sum(c => live.GetValueOrDefault((tenant, c.CampaignId)).Recent);
        long attempts = perCampaign.Sum(c => c.TotalAttempts), answered = perCampaign.Sum(c => c.Answered);
        var overview = new TenantMetricsUpdate(
            perCampaign.Sum(c => c.ActiveCalls),
            perCampaign.Sum(c => c.QueueDepth),
            recentAttempts / DialingWindow.TotalSeconds,
            attempts, answered, sum.Busy, sum.Failed, sum.NoAnswer, sum.Converted, sum.OptedOut,
            Ratio(answered, attempts), Ratio(sum.Converted, answered), sum, perCampaign.Count, now);

        var listed = perCampaign.Count > maxCampaigns ? perCampaign.Take(maxCampaigns).ToList() : perCampaign;
        return new TenantCampaignMetrics(
            tenant, overview, new CampaignsUpdate(listed, now) { CampaignCount = perCampaign.Count },
            ActiveCallsReader.Build(active.Rows, active.Total, now))
        {
            EveryCampaign = perCampaign,
        };
    }

    // docs/metrics.md §1: a ratio with a zero denominator is null, never NaN.
    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;

    private static OutcomeCounts Sum(IEnumerable<OutcomeCounts> counts) => counts.Aggregate(
        new OutcomeCounts(0, 0, 0, 0, 0, 0, 0, 0, 0),
        (a, b) => new OutcomeCounts(a.Completed + b.Completed, a.Busy + b.Busy, a.NoAnswer + b.NoAnswer, a.Failed + b.Failed,
            a.Converted + b.Converted, a.OptedOut + b.OptedOut, a.Abandoned + b.Abandoned, a.Voicemail + b.Voicemail, a.Canceled + b.Canceled));

    private static async Task<Dictionary<string, List<StoredCampaign>>> ReadCampaignsAsync(NpgsqlConnection connection, string[] tenants, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT tenant, campaign_id, name, status, COALESCE(queue_depth, 0), total_attempts, answered,
                   outcome_completed, outcome_busy, outcome_no_answer, outcome_failed, outcome_converted, outcome_opted_out,
                   outcome_abandoned, outcome_voicemail, outcome_canceled
            FROM campaigns WHERE tenant = ANY($1)
            """,
            connection);
        cmd.Parameters.AddWithValue(tenants);
        var result = new Dictionary<string, List<StoredCampaign>>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new StoredCampaign(
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt32(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                new OutcomeCounts(reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11),
                    reader.GetInt64(12), reader.GetInt64(13), reader.GetInt64(14), reader.GetInt64(15)));
            var tenant = reader.GetString(0);
            if (!result.TryGetValue(tenant, out var list))
            {
                result[tenant] = list = [];
            }

            list.Add(row);
        }

        return result;
    }

    private static async Task<Dictionary<(string, string), (int, int)>> ReadLiveCountsAsync(NpgsqlConnection connection, string[] tenants, DateTime windowStart, DateTime openSince, CancellationToken ct)
    {
        // Two index range scans (calls_active, calls_by_start), not a scan of every call.
        await using var cmd = new NpgsqlCommand(
            """
            SELECT tenant, campaign_id, sum(active)::int, sum(recent)::int FROM (
                SELECT tenant, campaign_id, 1 AS active, 0 AS recent FROM calls
                WHERE tenant = ANY($1) AND ended_at IS NULL AND started_at > $3 AND campaign_id IS NOT NULL
                UNION ALL
                SELECT tenant, campaign_id, 0, 1 FROM calls
                WHERE tenant = ANY($1) AND started_at > $2 AND campaign_id IS NOT NULL
            ) x GROUP BY tenant, campaign_id
            """,
            connection);
        cmd.Parameters.AddWithValue(tenants);
        cmd.Parameters.AddWithValue(windowStart);
        cmd.Parameters.AddWithValue(openSince);
        var result = new Dictionary<(string, string), (int, int)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), reader.GetInt32(3));
        }

        return result;
    }
}
