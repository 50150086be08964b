using Dashboard.Calls;
using Dashboard.Catalogue;
using Dashboard.Queues;

namespace Dashboard.Rollups;

/// <summary>
/// One fold chunk's changes to the hourly roll-ups (<c>call_hourly</c>, <c>queue_hourly</c>, <c>agent_hourly</c>,
/// migration 0004), added to the stored counters in the chunk's transaction.
/// </summary>
/// <remarks>
/// Call and queue counters come from each changed call's contribution after the chunk minus its contribution before
/// (<see cref="AddCall"/>), like the campaign counters (<c>CampaignDelta</c>): however late or repeated its events,
/// a call counts once, in the hour it started (calls) or entered the queue (queues). Agent time is added when an
/// interval closes; the still-open interval is the reader's to add.
/// </remarks>
internal sealed class HourlyRollup
{
    /// <summary>
    /// The longest closed status interval accounted, from its end backwards. Bounds the rows one event can create (an
    /// agent left "available" for weeks, or a producer's bogus timestamp); every window read is at most 168 h anyway.
    /// </summary>
    public static readonly TimeSpan MaxAgentInterval = TimeSpan.FromDays(8);

    public Dictionary<(string Tenant, DateTime Hour, string AgentId), CallHourDelta> Calls { get; } = [];

    public Dictionary<(string Tenant, DateTime Hour, string Queue), QueueHourDelta> Queues { get; } = [];

    public Dictionary<(string Tenant, DateTime Hour, string AgentId), AgentHourDelta> Agents { get; } = [];

    /// <summary>The UTC hour <paramref name="t"/> falls in.</summary>
    public static DateTime HourOf(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    /// <summary>Adds <paramref name="call"/>'s contribution times <paramref name="sign"/> (+1 after the chunk, -1 before).</summary>
    public void AddCall(CallRow call, int sign)
    {
        if (call.StartedAt is { } started)
        {
            var key = (call.Tenant, HourOf(started), call.AgentId ?? "");
            if (!Calls.TryGetValue(key, out var c))
            {
                Calls[key] = c = new CallHourDelta();
            }

            c.Add(call, sign);
        }

        if (call is { Queue: { } queue, QueuedAt: { } queued })
        {
            var key = (call.Tenant, HourOf(queued), queue);
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
        var key = (tenant, HourOf(from), queue);
        if (!Queues.TryGetValue(key, out var q))
        {
            Queues[key] = q = new QueueHourDelta();
        }

        q.AcwSum += seconds;
    }

    /// <summary>Adds a closed status interval to the agent's hours, split at UTC hour boundaries.</summary>
    public void AddAgentTime(string tenant, string agentId, StatusInterval interval)
    {
        var slot = AgentHourDelta.SlotOf(interval.Status);
        if (slot < 0)
        {
            return;
        }

        var from = interval.To - interval.From > MaxAgentInterval ? interval.To - MaxAgentInterval : interval.From;
        for (var hour = HourOf(from); hour < interval.To; hour = hour.AddHours(1))
        {
            var start = from > hour ? from : hour;
            var end = interval.To < hour.AddHours(1) ? interval.To : hour.AddHours(1);
            var key = (tenant, hour, agentId);
            if (!Agents.TryGetValue(key, out var a))
            {
                Agents[key] = a = new AgentHourDelta();
            }

            a.Seconds[slot] += (end - start).TotalSeconds;
        }
    }
}

/// <summary>Deltas of one <c>call_hourly</c> row.</summary>
internal sealed class CallHourDelta
{
    public long Calls { get; private set; }

    public long Ended { get; private set; }

    public long Answered { get; private set; }

    public double DurationSum { get; private set; }

    public long DurationCount { get; private set; }

    /// <summary>Per <see cref="CallOutcomes.All"/> slot.</summary>
    public long[] Outcomes { get; } = new long[CallOutcomes.All.Count];

    public bool IsZero => Calls == 0 && Ended == 0 && Answered == 0 && DurationSum == 0 && DurationCount == 0 && Outcomes.All(o => o == 0);

    public void Add(CallRow call, int sign)
    {
        Calls += sign;
        if (call.AnsweredAt is not null)
        {
            Answered += sign;
        }

        if (call.EndedAt is null)
        {
            return;
        }

        Ended += sign;
        if (call.DurationSeconds is { } d)
        {
            DurationSum += sign * d;
            DurationCount += sign;
        }

        if (CallOutcomes.IndexOf(call.Outcome) is var slot and >= 0)
        {
            Outcomes[slot] += sign;
        }
    }
}

/// <summary>Deltas of one <c>queue_hourly</c> row (docs/metrics.md, "Queue metrics").</summary>
internal sealed class QueueHourDelta
{
    public long Offered { get; private set; }

    public long Answered { get; private set; }

    public long AnsweredWithin { get; private set; }

    public long Abandoned { get; private set; }

    public double AnswerWaitSum { get; private set; }

    public double AbandonWaitSum { get; private set; }

    public long Handled { get; private set; }

    public double TalkSum { get; private set; }

    public double AcwSum { get; set; }

    public bool IsZero => Offered == 0 && Answered == 0 && AnsweredWithin == 0 && Abandoned == 0 && AnswerWaitSum == 0
        && AbandonWaitSum == 0 && Handled == 0 && TalkSum == 0 && AcwSum == 0;

    public void Add(CallRow call, int sign)
    {
        var queued = call.QueuedAt!.Value;
        if (call.AnsweredAt is { } answered)
        {
            var wait = Math.Max(0, (answered - queued).TotalSeconds);
            Offered += sign;
            Answered += sign;
            AnswerWaitSum += sign * wait;
            if (wait <= (call.SlThresholdSeconds ?? new QueueMetricsOptions().DefaultServiceLevelSeconds))
            {
                AnsweredWithin += sign;
            }

            if (call.EndedAt is { } ended)
            {
                Handled += sign;
                TalkSum += sign * Math.Max(0, (ended - answered).TotalSeconds);
            }
        }
        else if (call.EndedAt is { } abandonedAt)
        {
            Offered += sign;
            Abandoned += sign;
            AbandonWaitSum += sign * Math.Max(0, (abandonedAt - queued).TotalSeconds);
        }
    }
}

/// <summary>Deltas of one <c>agent_hourly</c> row: seconds per productive or not-ready status.</summary>
internal sealed class AgentHourDelta
{
    /// <summary>The statuses with a column, in column order; <c>offline</c> has none.</summary>
    public static readonly IReadOnlyList<string> Statuses = [AgentStatus.Available, AgentStatus.OnCall, AgentStatus.AfterCallWork, AgentStatus.Busy];

    /// <summary>Seconds per <see cref="Statuses"/> slot.</summary>
    public double[] Seconds { get; } = new double[Statuses.Count];

    /// <summary>The slot of <paramref name="status"/>, or -1 when it has no column.</summary>
    public static int SlotOf(string status)
    {
        for (var i = 0; i < Statuses.Count; i++)
        {
            if (string.Equals(Statuses[i], status, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
