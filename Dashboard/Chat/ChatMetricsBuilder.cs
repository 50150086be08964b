using Dashboard.Calendar;
using Dashboard.Publishing;

namespace Dashboard.Chat;

/// <summary>
/// The arithmetic of the chat and support metrics (docs/metrics.md §6): pure, from rows already read, so every formula
/// is testable without a database.
/// </summary>
internal static class ChatMetricsBuilder
{
    /// <summary>Message kinds, in the order <c>byKind</c> lists them (docs/events.md §3).</summary>
    public static readonly string[] Kinds = ["text", "image", "file", "audio", "video"];

    /// <summary>Message statuses, in the order <c>byStatus</c> lists them; a message without a status counts as <c>sent</c>.</summary>
    public static readonly string[] Statuses = ["sent", "delivered", "read", "failed"];

    /// <summary>Assembles one tenant's <see cref="ChatUpdate"/> at <paramref name="now"/> (UTC).</summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="calendar">The tenant's business calendar (its "today" and local hours).</param>
    /// <param name="rows">What <see cref="ChatMetricsCalculator"/> read for the tenant.</param>
    /// <param name="now">The instant computed for.</param>
    /// <param name="payloads">List caps (<c>Payloads:MaxAgents</c>); defaults when null.</param>
    public static TenantChatMetrics Build(string tenant, BusinessCalendar calendar, ChatTenantRows rows, DateTime now, PayloadOptions? payloads = null)
    {
        payloads ??= new PayloadOptions();
        var waiting = rows.Open.Where(o => o.AgentId is null).Sum(o => o.Sessions);
        var active = rows.Open.Where(o => o.AgentId is not null).Sum(o => o.Sessions);
        var day = rows.Day.Aggregate(new ChatDayFigures(null, 0, 0, 0, 0, 0, 0, 0, 0, 0), Add);
        var waitingSessions = rows.Waiting
            .Select(w => new WaitingSession(w.SessionId, w.Channel, Seconds(now - w.OpenedAt), w.OpenedAt))
            .ToList();

        var update = new ChatUpdate(
            calendar.TimeZone,
            calendar.DayStart(now),
            new ChatSessionCounts(active, waiting, day.ClosedToday, day.ResolvedToday),
            waitingSessions,
            waitingSessions.Count == 0 ? null : waitingSessions.Max(w => w.WaitingSeconds),
            Average(day.WaitSum, day.WaitCount),
            Average(day.FirstResponseSum, day.FirstResponseCount),
            Average(day.ResolutionSum, day.ResolutionCount),
            Agents(rows, payloads.MaxAgents),
            Csat(rows.Csat),
            Messages(rows.Messages, rows.PerHour, LastHours(calendar, now)),
            now);
        return new TenantChatMetrics(tenant, update);
    }

    /// <summary>
    /// Every agent with an open session, a session assigned, answered first or closed today, or a CSAT response today;
    /// at most <paramref name="max"/>, the busiest (most active sessions, then most today), listed by agent id.
    /// </summary>
    private static List<ChatAgent> Agents(ChatTenantRows rows, int max)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        ids.UnionWith(rows.Open.Where(o => o.AgentId is not null).Select(o => o.AgentId!));
        ids.UnionWith(rows.Day.Where(d => d.AgentId is not null).Select(d => d.AgentId!));
        ids.UnionWith(rows.Csat.Where(c => c.AgentId is not null).Select(c => c.AgentId!));
        var agents = ids.Select(id =>
            {
                var day = rows.Day.FirstOrDefault(d => d.AgentId == id) ?? new ChatDayFigures(id, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                var csat = rows.Csat.Where(c => c.AgentId == id).ToList();
                var responses = csat.Sum(c => c.Responses);
                return new ChatAgent(
                    id,
                    rows.Names.GetValueOrDefault(id),
                    rows.Open.Where(o => o.AgentId == id).Sum(o => o.Sessions),
                    day.SessionsToday,
                    Average(day.FirstResponseSum, day.FirstResponseCount),
                    Average(day.ResolutionSum, day.ResolutionCount),
                    Ratio(csat.Where(c => c.Score >= 4).Sum(c => c.Responses), responses));
            })
            .ToList();
        return agents.Count <= max ? agents
            : [.. agents.OrderByDescending(a => a.ActiveSessions).ThenByDescending(a => a.SessionsToday).ThenBy(a => a.AgentId, StringComparer.Ordinal)
                .Take(max).OrderBy(a => a.AgentId, StringComparer.Ordinal)];
    }

    /// <summary>Distribution over "1".."5", percent = (4s + 5s) / responses, average score (Chatwoot and Zendesk CSAT).</summary>
    internal static CsatSummary Csat(IReadOnlyList<ChatCsatCount> rows)
    {
        var distribution = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var score = 1; score <= 5; score++)
        {
            distribution[score.ToString(System.Globalization.CultureInfo.InvariantCulture)] = rows.Where(r => r.Score == score).Sum(r => r.Responses);
        }

        var responses = distribution.Values.Sum();
        var satisfied = distribution["4"] + distribution["5"];
        var total = rows.Sum(r => (double)r.Score * r.Responses);
        return new CsatSummary(responses, distribution, Ratio(satisfied, responses), Ratio(total, responses));
    }

    /// <summary>
    /// Today's counts by kind and status, agent-sent rates, and the messages of each of <paramref name="hours"/> (the last
    /// 24 local hours, oldest first; <paramref name="perHour"/> is keyed by quarter-hour bucket).
    /// </summary>
    internal static MessageSummary Messages(IReadOnlyList<ChatMessageCount> rows, IReadOnlyDictionary<DateTime, long> perHour, IReadOnlyList<DateTime> hours)
    {
        var byKind = Tally(rows, Kinds, r => r.Kind);
        var byStatus = Tally(rows, Statuses, r => r.Status);
        var agent = rows.Where(r => r.Sender == "agent").ToList();
        var agentTotal = agent.Sum(r => r.Messages);
        long AgentWith(params string[] statuses) => agent.Where(r => statuses.Contains(r.Status)).Sum(r => r.Messages);

        var counts = hours.Select((h, i) => new HourCount(
                h, perHour.Where(b => b.Key >= h && (i + 1 == hours.Count || b.Key < hours[i + 1])).Sum(b => b.Value)))
            .ToList();
        // Latest on a tie: the hour a page most likely still shows.
        var peak = counts.Where(h => h.Count > 0).OrderByDescending(h => h.Count).ThenByDescending(h => h.Hour).FirstOrDefault();
        return new MessageSummary(
            rows.Sum(r => r.Messages),
            byKind,
            byStatus,
            Ratio(AgentWith("delivered", "read"), agentTotal),
            Ratio(AgentWith("read"), agentTotal),
            Ratio(AgentWith("failed"), agentTotal),
            counts,
            peak);
    }

    /// <summary>
    /// The starts (UTC) of the last 24 local clock hours at <paramref name="now"/>, oldest first, the current one last. Each
    /// is found from the one after it, so a daylight-saving change (a repeated or skipped local hour, or Lord Howe's
    /// half hour) gives the hours the clock on the wall showed.
    /// </summary>
    internal static IReadOnlyList<DateTime> LastHours(BusinessCalendar calendar, DateTime now)
    {
        var hours = new DateTime[24];
        hours[23] = calendar.HourStart(now);
        for (var i = 22; i >= 0; i--)
        {
            hours[i] = calendar.HourStart(hours[i + 1].AddTicks(-1));
        }

        return hours;
    }

    // Every listed key present (zeros included); a value outside the catalogue, should one ever be stored, is kept
    // under its own key after them rather than dropped, so the parts still add up to the total.
    private static Dictionary<string, long> Tally(IReadOnlyList<ChatMessageCount> rows, string[] keys, Func<ChatMessageCount, string> key)
    {
        var result = keys.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            result[key(row)] = result.GetValueOrDefault(key(row)) + row.Messages;
        }

        return result;
    }

    private static ChatDayFigures Add(ChatDayFigures a, ChatDayFigures b) => new(
        null, a.SessionsToday + b.SessionsToday, a.WaitSum + b.WaitSum, a.WaitCount + b.WaitCount,
        a.FirstResponseSum + b.FirstResponseSum, a.FirstResponseCount + b.FirstResponseCount,
        a.ResolutionSum + b.ResolutionSum, a.ResolutionCount + b.ResolutionCount,
        a.ClosedToday + b.ClosedToday, a.ResolvedToday + b.ResolvedToday);

    // Whole tenths of a second, like the queue waits (docs/metrics.md §4): enough for a wallboard.
    private static double Seconds(TimeSpan span) => Math.Round(Math.Max(0, span.TotalSeconds), 1);

    private static double? Average(double sum, long count) => count == 0 ? null : Math.Round(sum / count, 1);

    // docs/metrics.md §1: a ratio with a zero denominator is null, never NaN.
    private static double? Ratio(double numerator, double denominator) => denominator == 0 ? null : numerator / denominator;
}

/// <summary>One tenant's <c>chat_update</c>.</summary>
internal sealed record TenantChatMetrics(string Tenant, ChatUpdate Update)
{
    /// <summary>
    /// True when the payload holds nothing: no open session, nothing today, no message in the last 24 hours. A tenant
    /// whose stream has no snapshot yet gets none for it (a tenant without chat costs no messages).
    /// </summary>
    public bool IsEmpty =>
        Update.Sessions is { Active: 0, Waiting: 0, ClosedToday: 0, ResolvedToday: 0 }
        && Update.Agents.Count == 0 && Update.Csat.Responses == 0 && Update.Messages.Today == 0
        && Update.Messages.PeakHour is null && Update.AverageWaitSeconds is null && Update.FirstResponseSeconds is null;
}
