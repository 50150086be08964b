using Dashboard.Catalogue;

namespace Dashboard.Calls;

/// <summary>
/// The counters of one <c>call_hourly</c> row (or of several added up): calls started, ended, answered, summed known
/// durations of ended calls, and ended calls per outcome (slots of <see cref="CallOutcomes.All"/>).
/// </summary>
internal sealed class CallTally
{
    public long Calls { get; private set; }

    public long Ended { get; private set; }

    public long Answered { get; private set; }

    public double DurationSum { get; private set; }

    public long DurationCount { get; private set; }

    /// <summary>Ended calls per <see cref="CallOutcomes.All"/> slot.</summary>
    public long[] Outcomes { get; } = new long[CallOutcomes.All.Count];

    /// <summary>A tally read from stored counters.</summary>
    public static CallTally Of(long calls, long ended, long answered, double durationSum, long durationCount, IReadOnlyList<long> outcomes)
    {
        var tally = new CallTally { Calls = calls, Ended = ended, Answered = answered, DurationSum = durationSum, DurationCount = durationCount };
        for (var i = 0; i < tally.Outcomes.Length; i++)
        {
            tally.Outcomes[i] = outcomes[i];
        }

        return tally;
    }

    /// <summary>
    /// The contribution of one started call, by the rule the fold applies to <c>call_hourly</c>: one call; answered when it
    /// has an answer time; ended when it has an end time, then its duration when known and its outcome when in the
    /// catalogue.
    /// </summary>
    public static CallTally OfCall(DateTime? answeredAt, DateTime? endedAt, string? outcome, double? durationSeconds)
    {
        var tally = new CallTally { Calls = 1, Answered = answeredAt is null ? 0 : 1 };
        if (endedAt is not null)
        {
            tally.Ended = 1;
            if (durationSeconds is { } d)
            {
                tally.DurationSum = d;
                tally.DurationCount = 1;
            }

            if (CallOutcomes.IndexOf(outcome) is var slot and >= 0)
            {
                tally.Outcomes[slot] = 1;
            }
        }

        return tally;
    }

    /// <summary>Adds <paramref name="other"/>'s counters to this one.</summary>
    public void Add(CallTally other)
    {
        Calls += other.Calls;
        Ended += other.Ended;
        Answered += other.Answered;
        DurationSum += other.DurationSum;
        DurationCount += other.DurationCount;
        for (var i = 0; i < Outcomes.Length; i++)
        {
            Outcomes[i] += other.Outcomes[i];
        }
    }

    /// <summary>Ended <c>completed</c> or <c>converted</c>: the conversation took place.</summary>
    public long Completed =>
        Outcomes[CallOutcomes.IndexOf(CallOutcomes.Completed)] + Outcomes[CallOutcomes.IndexOf(CallOutcomes.Converted)];

    /// <summary><see cref="Completed"/> / <see cref="Ended"/>, null when nothing ended (DESIGN.md §5: never NaN).</summary>
    public double? SuccessRate => Ended == 0 ? null : (double)Completed / Ended;

    /// <summary>Mean known duration in seconds, null when none.</summary>
    public double? AverageDurationSeconds => DurationCount == 0 ? null : DurationSum / DurationCount;

    /// <summary>The outcome counters as the payload record.</summary>
    public OutcomeCounts OutcomeCounts()
    {
        var o = Outcomes;
        return new OutcomeCounts(o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8]);
    }
}
