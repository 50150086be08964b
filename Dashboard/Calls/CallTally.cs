using Dashboard.Catalogue;

namespace Dashboard.Calls;

/// <summary>
/// The counters of one <c>call_hourly</c> row (or of several added up, or one fold chunk's change to a row): calls
/// started, ended, answered, summed known durations of ended calls, and ended calls per outcome (slots of
/// <see cref="CallOutcomes.All"/>).
/// </summary>
/// <remarks>
/// One rule, <see cref="AddCall(DateTime?, DateTime?, string?, double?, int)"/>, makes both the fold's deltas (a changed
/// call's contribution after its chunk, minus the one before) and the readers' per-call contributions for the part of a
/// window <c>call_hourly</c> does not cover, so the stored counters and a recount from <c>calls</c> cannot disagree.
/// </remarks>
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

    /// <summary>The contribution of one started call (see <see cref="AddCall(DateTime?, DateTime?, string?, double?, int)"/>).</summary>
    public static CallTally OfCall(DateTime? answeredAt, DateTime? endedAt, string? outcome, double? durationSeconds)
    {
        var tally = new CallTally();
        tally.AddCall(answeredAt, endedAt, outcome, durationSeconds, +1);
        return tally;
    }

    /// <summary>
    /// Adds one started call's contribution times <paramref name="sign"/> (+1, or -1 to take back what an earlier state
    /// of the call added), by the rule the fold applies to <c>call_hourly</c>: one call; answered when it has an answer
    /// time; ended when it has an end time, then its duration when known and its outcome when in the catalogue.
    /// </summary>
    public void AddCall(DateTime? answeredAt, DateTime? endedAt, string? outcome, double? durationSeconds, int sign)
    {
        Calls += sign;
        if (answeredAt is not null)
        {
            Answered += sign;
        }

        if (endedAt is null)
        {
            return;
        }

        Ended += sign;
        if (durationSeconds is { } d)
        {
            DurationSum += sign * d;
            DurationCount += sign;
        }

        if (CallOutcomes.IndexOf(outcome) is var slot and >= 0)
        {
            Outcomes[slot] += sign;
        }
    }

    /// <summary>Adds <paramref name="call"/>'s contribution times <paramref name="sign"/> (the fold's delta of its row).</summary>
    public void AddCall(CallRow call, int sign) => AddCall(call.AnsweredAt, call.EndedAt, call.Outcome, call.DurationSeconds, sign);

    /// <summary>True when every counter is 0: a delta that changes nothing (a call whose change left its hour's counters alone).</summary>
    public bool IsZero => Calls == 0 && Ended == 0 && Answered == 0 && DurationSum == 0 && DurationCount == 0 && Outcomes.All(o => o == 0);

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

    /// <summary><see cref="Completed"/> / <see cref="Ended"/>, null when nothing ended (docs/metrics.md §1: never NaN).</summary>
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
