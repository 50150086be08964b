using Dashboard.Calls;

namespace Dashboard.Queues;

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
