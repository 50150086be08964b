using Dashboard.Benchmarks.Tick;

namespace Dashboard.Benchmarks.ChatTick;

/// <summary>One stored-history size's figures; the row counts are the chat state tables after the fold.</summary>
internal sealed record ChatTickResult(
    long Messages,
    long StoredEvents,
    TimeSpan Seed,
    TimeSpan Fold,
    Percentiles Quiet,
    Percentiles Changed,
    long DatabaseBytes,
    ChatRows Rows);

/// <summary>Rows of <c>chat_sessions</c>, <c>chat_messages</c>, <c>chat_message_hourly</c> and <c>chat_csat</c>.</summary>
internal sealed record ChatRows(long Sessions, long Messages, long Hourly, long Csat)
{
    public override string ToString() => $"{Sessions:N0} sessions, {Messages:N0} messages, {Hourly:N0} hourly rows, {Csat:N0} CSAT";
}
