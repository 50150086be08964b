using Dashboard.Calendar;

namespace Dashboard.Calls;

/// <summary>
/// Computes the windowed call metrics of docs/metrics.md §3 (totals, calls per hour, agent performance) exactly, at a cost
/// that does not grow with history: the window's whole quarter-hours come from <c>call_hourly</c> (at most 673 rows per
/// agent), and only the part of its first quarter-hour inside the window is read from raw <c>calls</c> rows (at most
/// 15 minutes of calls, through the <c>calls_by_start</c> index).
/// </summary>
/// <remarks>
/// A call belongs to the window when its <c>started_at</c> is in [now − hours h, now]; its state (answered, ended,
/// outcome, duration) is its state now. A call stamped in the future but inside the current quarter-hour is in that
/// bucket and therefore counted. Calls per hour are per local clock hour of the tenant's zone
/// (<c>Tenants:{tenant}:TimeZone</c>): each bucket adds to the local hour it starts in (exact, since every offset is a
/// whole number of quarter-hours). The window itself is a span of time, the same in every zone.
/// </remarks>
internal sealed class CallWindowCalculator(CallWindowReader reader, TenantTimeZones zones)
{
    /// <summary>The statistics of each of <paramref name="tenants"/> over the <paramref name="hours"/>-hour window ending at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyDictionary<string, CallWindowStats>> ComputeAsync(
        IReadOnlyCollection<string> tenants, int hours, DateTime now, CancellationToken ct)
    {
        var window = CallWindow.Ending(now, hours);
        if (tenants.Count == 0)
        {
            return new Dictionary<string, CallWindowStats>(StringComparer.Ordinal);
        }

        var names = tenants.ToArray();
        var read = await reader.ReadAsync(names, window, ct);
        return names.ToDictionary(
            t => t,
            t => Build(
                window,
                zones.For(t),
                read.Buckets.GetValueOrDefault(t) ?? [],
                read.Partial.GetValueOrDefault(t) ?? [],
                read.AgentNames.GetValueOrDefault(t) ?? new Dictionary<string, string>(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Assembles one tenant's statistics; pure, so the window arithmetic is testable without a database. Buckets outside
    /// [<see cref="CallWindow.FirstWholeBucket"/>, <see cref="CallWindow.CurrentBucket"/>] and calls that did not start in
    /// [<see cref="CallWindow.Start"/>, <see cref="CallWindow.FirstWholeBucket"/>) are ignored: the first are the partial
    /// bucket (read call by call instead) or later ones, the second are read from buckets. Calls per hour are per local
    /// hour of <paramref name="calendar"/>.
    /// </summary>
    internal static CallWindowStats Build(
        CallWindow window,
        BusinessCalendar calendar,
        IEnumerable<CallBucket> buckets,
        IEnumerable<WindowCall> partialHourCalls,
        IReadOnlyDictionary<string, string> agentNames)
    {
        var contributions = buckets
            .Where(b => b.Hour >= window.FirstWholeBucket && b.Hour <= window.CurrentBucket)
            .Concat(partialHourCalls
                .Where(c => c.StartedAt >= window.Start && c.StartedAt < window.FirstWholeBucket)
                .Select(c => c.ToBucket()))
            .ToList();

        var total = new CallTally();
        var perHour = new SortedDictionary<DateTime, CallTally>();
        var perAgent = new Dictionary<string, CallTally>(StringComparer.Ordinal);
        var localHours = window.LocalHours(calendar);
        foreach (var hour in localHours)
        {
            perHour[hour] = new CallTally();
        }

        foreach (var b in contributions)
        {
            total.Add(b.Tally);
            perHour[calendar.HourStart(b.Hour)].Add(b.Tally);
            if (b.AgentId.Length > 0)
            {
                if (!perAgent.TryGetValue(b.AgentId, out var agent))
                {
                    perAgent[b.AgentId] = agent = new CallTally();
                }

                agent.Add(b.Tally);
            }
        }

        var metrics = new CallMetrics(
            window.Hours, total.Calls, total.Calls - total.Ended, total.Ended, total.Completed,
            total.SuccessRate, total.AverageDurationSeconds, total.OutcomeCounts(), window.End);
        var hours = perHour
            .Select(h => new HourlyCalls(h.Key, h.Value.Calls, h.Value.Completed, h.Value.Ended, h.Value.AverageDurationSeconds))
            .ToList();
        var agents = perAgent
            .OrderByDescending(a => a.Value.Calls)
            .ThenBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new AgentPerformance(
                a.Key, agentNames.GetValueOrDefault(a.Key), a.Value.Calls, a.Value.Completed, a.Value.AverageDurationSeconds, a.Value.SuccessRate))
            .ToList();
        return new CallWindowStats(metrics, hours, agents, calendar.TimeZone);
    }
}
