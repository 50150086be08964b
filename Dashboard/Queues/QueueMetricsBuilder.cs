using Dashboard.Calendar;
using Dashboard.Catalogue;
using Dashboard.Publishing;

namespace Dashboard.Queues;

/// <summary>
/// The arithmetic of the queue and agent metrics (docs/metrics.md): pure, from rows already read, so every formula is
/// testable without a database.
/// </summary>
internal static class QueueMetricsBuilder
{
    /// <summary>Assembles one tenant's <c>queue_updated</c> and <c>agent_metrics</c> at <paramref name="now"/> (UTC).</summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="queueDays">Today's <c>queue_hourly</c> sums per queue.</param>
    /// <param name="waiting">Callers waiting now per queue.</param>
    /// <param name="agents">Every agent of the tenant.</param>
    /// <param name="closedSeconds">Today's <c>agent_hourly</c> sums: closed status intervals only.</param>
    /// <param name="options">Thresholds and targets.</param>
    /// <param name="now">The instant computed for.</param>
    /// <param name="calendar">The tenant's business calendar: "today" starts at its <see cref="BusinessCalendar.DayStart"/>.</param>
    /// <param name="payloads">List caps (<c>Payloads:MaxQueues</c>, <c>Payloads:MaxAgents</c>); defaults when null.</param>
    public static TenantQueueMetrics Build(
        string tenant,
        IReadOnlyList<QueueDay> queueDays,
        IReadOnlyList<WaitingCallers> waiting,
        IReadOnlyList<StoredAgent> agents,
        AgentSeconds closedSeconds,
        QueueMetricsOptions options,
        DateTime now,
        BusinessCalendar calendar,
        PayloadOptions? payloads = null)
    {
        payloads ??= new PayloadOptions();
        var windowStart = calendar.DayStart(now);
        var days = queueDays.ToDictionary(q => q.Queue, StringComparer.Ordinal);
        var waits = waiting.ToDictionary(w => w.Queue, StringComparer.Ordinal);
        var agentsByQueue = new Dictionary<string, StatusTally>(StringComparer.Ordinal);
        var tenantAgents = new StatusTally();
        foreach (var agent in agents)
        {
            tenantAgents.Add(agent.Status);
            foreach (var queue in (agent.Queues ?? []).Distinct(StringComparer.Ordinal))
            {
                if (!agentsByQueue.TryGetValue(queue, out var tally))
                {
                    agentsByQueue[queue] = tally = new StatusTally();
                }

                tally.Add(agent.Status);
            }
        }

        var names = new SortedSet<string>(days.Keys, StringComparer.Ordinal);
        names.UnionWith(waits.Keys);
        names.UnionWith(agentsByQueue.Keys);
        var queues = names
            .Select(name =>
            {
                var d = days.GetValueOrDefault(name) ?? new QueueDay(name, 0, 0, 0, 0, 0, 0, 0, 0);
                var w = waits.GetValueOrDefault(name);
                return new QueueMetrics(
                    name, w?.Count ?? 0, LongestWait(w?.OldestQueuedAt, now),
                    d.Offered, d.Answered, d.AnsweredWithin, d.Abandoned, d.Handled,
                    Ratio(d.AnsweredWithin, d.Offered), options.ThresholdSeconds(name), options.Target(name),
                    Ratio(d.AnswerWaitSum, d.Answered), Ratio(d.TalkSum + d.AcwSum, d.Handled), Ratio(d.Abandoned, d.Offered),
                    (agentsByQueue.GetValueOrDefault(name) ?? new StatusTally()).ToCounts());
            })
            .ToList();

        var sum = queueDays.Aggregate(new QueueDay("", 0, 0, 0, 0, 0, 0, 0, 0), (a, b) => new QueueDay(
            "", a.Offered + b.Offered, a.Answered + b.Answered, a.AnsweredWithin + b.AnsweredWithin, a.Abandoned + b.Abandoned,
            a.AnswerWaitSum + b.AnswerWaitSum, a.Handled + b.Handled, a.TalkSum + b.TalkSum, a.AcwSum + b.AcwSum));
        var agentCounts = tenantAgents.ToCounts();
        var totals = new QueueTotals(
            queues.Sum(q => q.CallsWaiting),
            queues.Max(q => q.LongestWaitSeconds),
            sum.Offered, sum.Answered, sum.AnsweredWithin, sum.Abandoned, sum.Handled,
            Ratio(sum.AnsweredWithin, sum.Offered), Ratio(sum.AnswerWaitSum, sum.Answered),
            Ratio(sum.TalkSum + sum.AcwSum, sum.Handled), Ratio(sum.Abandoned, sum.Offered),
            agentCounts);

        var listed = agents
            .OrderBy(a => a.AgentId, StringComparer.Ordinal)
            .Take(payloads.MaxAgents)
            .Select(a => new AgentState(a.AgentId, a.Name, a.Status, a.StatusSince, a.Queues))
            .ToList();
        var agentMetrics = new AgentMetricsUpdate(
            agentCounts.Online, agentCounts.Available, agentCounts.OnCall, agentCounts.AfterCallWork, agentCounts.Busy, agentCounts.Offline,
            Occupancy(agents, closedSeconds, windowStart, now), agents.Count, listed, windowStart, now) { TimeZone = calendar.TimeZone };

        // Totals above cover every queue; the list keeps the busiest (callers waiting, then offered today), shown by name.
        var listedQueues = queues.Count <= payloads.MaxQueues ? queues
            : [.. queues.OrderByDescending(q => q.CallsWaiting).ThenByDescending(q => q.Offered).ThenBy(q => q.Queue, StringComparer.Ordinal)
                .Take(payloads.MaxQueues).OrderBy(q => q.Queue, StringComparer.Ordinal)];
        return new TenantQueueMetrics(tenant, new QueueUpdated(listedQueues, totals, windowStart, now) { QueueCount = queues.Count, TimeZone = calendar.TimeZone }, agentMetrics);
    }

    /// <summary>
    /// (on call + after-call work) / (available + on call + after-call work) seconds today: the closed intervals of
    /// <c>agent_hourly</c> plus each agent's open one, [max(status since, today's start), now). Amazon Connect's "agent
    /// occupancy" and Genesys' occupancy likewise leave out break (busy) and logged-out time.
    /// </summary>
    /// <remarks>
    /// Rounded to 4 decimals (0.01 %): the open intervals move it every tick, by less than that once the day has some
    /// hours in it, so <c>agent_metrics</c> is published again only when the value a page shows changes.
    /// </remarks>
    internal static double? Occupancy(IReadOnlyList<StoredAgent> agents, AgentSeconds closed, DateTime windowStart, DateTime now)
    {
        double available = closed.Available, onCall = closed.OnCall, afterCallWork = closed.AfterCallWork;
        foreach (var agent in agents)
        {
            var since = agent.StatusSince > windowStart ? agent.StatusSince : windowStart;
            var open = Math.Max(0, (now - since).TotalSeconds);
            switch (agent.Status)
            {
                case AgentStatus.Available: available += open; break;
                case AgentStatus.OnCall: onCall += open; break;
                case AgentStatus.AfterCallWork: afterCallWork += open; break;
            }
        }

        var handling = onCall + afterCallWork;
        var denominator = available + handling;
        return denominator > 0 ? Math.Round(handling / denominator, 4) : null;
    }

    // Whole tenths of a second: enough for a wallboard, and the value then moves only as fast as time does.
    private static double? LongestWait(DateTime? oldest, DateTime now) =>
        oldest is { } t ? Math.Round(Math.Max(0, (now - t).TotalSeconds), 1) : null;

    // docs/metrics.md §1: a ratio with a zero denominator is null, never NaN.
    private static double? Ratio(double numerator, double denominator) => denominator == 0 ? null : numerator / denominator;

    private sealed class StatusTally
    {
        private int _available, _onCall, _afterCallWork, _busy, _offline, _other;

        public void Add(string status)
        {
            switch (status)
            {
                case AgentStatus.Available: _available++; break;
                case AgentStatus.OnCall: _onCall++; break;
                case AgentStatus.AfterCallWork: _afterCallWork++; break;
                case AgentStatus.Busy: _busy++; break;
                case AgentStatus.Offline: _offline++; break;
                default: _other++; break;
            }
        }

        public AgentCounts ToCounts() =>
            new(_available + _onCall + _afterCallWork + _busy + _other, _available, _onCall, _afterCallWork, _busy, _offline);
    }
}
