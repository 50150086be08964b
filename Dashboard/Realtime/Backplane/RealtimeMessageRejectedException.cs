namespace Dashboard.Realtime.Backplane;

/// <summary>
/// A message <see cref="RealtimePublisher"/> refused before the database: larger than <c>Realtime:MaxPublishBytes</c>
/// (<see cref="Reason"/> <c>too_large</c>), or on a stream backing off after the database refused one of its messages
/// (<c>backoff</c>). Retrying the same message cannot succeed (docs/dead-letters.md).
/// </summary>
public sealed class RealtimeMessageRejectedException(string reason, string message) : Exception(message)
{
    /// <summary><c>too_large</c> or <c>backoff</c>, as in <c>dashboard_realtime_messages_rejected_total{reason}</c>.</summary>
    public string Reason { get; } = reason;
}
