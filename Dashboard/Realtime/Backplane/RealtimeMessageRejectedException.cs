namespace Dashboard.Realtime.Backplane;

/// <summary>
/// A message <see cref="RealtimePublisher"/> refused before the database: larger than <c>Realtime:MaxPublishBytes</c>
/// (<see cref="Reason"/> <c>too_large</c>), or on a stream backing off after the database refused one of its messages
/// (<c>backoff</c>), or with too many messages already waiting for the database (<c>backlog</c>). Retrying the same
/// message at once cannot succeed (docs/dead-letters.md).
/// </summary>
public sealed class RealtimeMessageRejectedException(string reason, string message) : Exception(message)
{
    /// <summary><c>too_large</c>, <c>backoff</c> or <c>backlog</c>, as in <c>dashboard_realtime_messages_rejected_total{reason}</c>.</summary>
    public string Reason { get; } = reason;
}
