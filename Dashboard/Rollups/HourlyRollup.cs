using Dashboard.Calendar;
using Dashboard.Calls;
using Dashboard.Queues;

namespace Dashboard.Rollups;

/// <summary>
/// One fold chunk's changes to the roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>,
/// migration 0004), added to the stored counters in the chunk's transaction. Rows are keyed by the UTC quarter-hour
/// (<see cref="QuarterHours"/>; the column keeps its name <c>hour</c>), so every tenant's local hours and days, in any zone,
/// are unions of rows (docs/metrics.md §1). Rows written before quarter-hours were whole hours; an hour start is a
/// quarter start, so they stay valid and count in the quarter they start.
/// </summary>
/// <remarks>
/// Call and queue counters come from each changed call's contribution after the chunk minus its contribution before
/// (<see cref="AddCall"/>), like the campaign counters (<c>CampaignDelta</c>): however late or repeated its events,
/// a call counts once, in the quarter-hour it started (calls) or entered the queue (queues). Agent time is added when an
/// interval closes, split at quarter-hour boundaries; the still-open interval is the reader's to add.
/// </remarks>
internal sealed class HourlyRollup
{
    /// <summary>
    /// The longest closed status interval accounted, from its end backwards. Bounds the rows one event can create (an
    /// agent left "available" for weeks, or a producer's bogus timestamp); every window read is at most 168 h anyway.
    /// </summary>
    public static readonly TimeSpan MaxAgentInterval = TimeSpan.FromDays(8);

    public Dictionary<(string Tenant, DateTime Hour, string AgentId), CallTally> Calls { get; } = [];

    public Dictionary<(string Tenant, DateTime Hour, string Queue), QueueHourDelta> Queues { get; } = [];

    public Dictionary<(string Tenant, DateTime Hour, string AgentId), AgentHourDelta> Agents { get; } = [];

    /// <summary>Adds <paramref name="call"/>'s contribution times <paramref name="sign"/> (+1 after the chunk, -1 before).</summary>
    public void AddCall(CallRow call, int sign)
    {
        if (call.StartedAt is { } started)
        {
            var key = (call.Tenant, QuarterHours.Of(started), call.AgentId ?? "");
            if (!Calls.TryGetValue(key, out var c))
            {
                Calls[key] = c = new CallTally();
            }

            c.AddCall(call, sign);
        }

        if (call is { Queue: { } queue, QueuedAt: { } queued })
        {
            var key = (call.Tenant, QuarterHours.Of(queued), queue);
            if (!Queues.TryGetValue(key, out var q))
            {
                Queues[key] = q = new QueueHourDelta();
            }

            q.Add(call, sign);
        }
    }

    /// <summary>Adds after-call work that started at <paramref name="from"/> to <paramref name="queue"/>'s AHT numerator.</summary>
    public void AddAfterCallWork(string tenant, string queue, DateTime from, double seconds)
    {
        var key = (tenant, QuarterHours.Of(from), queue);
        if (!Queues.TryGetValue(key, out var q))
        {
            Queues[key] = q = new QueueHourDelta();
        }

        q.AcwSum += seconds;
    }

    /// <summary>Adds a closed status interval to the agent's buckets, split at quarter-hour boundaries.</summary>
    public void AddAgentTime(string tenant, string agentId, StatusInterval interval)
    {
        var slot = AgentHourDelta.SlotOf(interval.Status);
        if (slot < 0)
        {
            return;
        }

        var from = interval.To - interval.From > MaxAgentInterval ? interval.To - MaxAgentInterval : interval.From;
        for (var hour = QuarterHours.Of(from); hour < interval.To; hour += QuarterHours.Width)
        {
            var start = from > hour ? from : hour;
            var end = interval.To < hour + QuarterHours.Width ? interval.To : hour + QuarterHours.Width;
            var key = (tenant, hour, agentId);
            if (!Agents.TryGetValue(key, out var a))
            {
                Agents[key] = a = new AgentHourDelta();
            }

            a.Seconds[slot] += (end - start).TotalSeconds;
        }
    }
}
