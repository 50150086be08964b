namespace Dashboard.Queues;

/// <summary>One queue's <c>queue_hourly</c> counters summed over today's hours.</summary>
internal sealed record QueueDay(
    string Queue, long Offered, long Answered, long AnsweredWithin, long Abandoned, double AnswerWaitSum, long Handled, double TalkSum, double AcwSum);
