namespace Dashboard.Realtime;

/// <summary>Where a new subscription starts.</summary>
/// <param name="Seq">The stream's current seq (0 before the first message).</param>
/// <param name="Snapshot">The newest snapshot, or null.</param>
/// <param name="Missed">Messages after the client's <c>since</c>, oldest first; null when the gap is no longer in the history.</param>
public sealed record SubscriptionStart(long Seq, HubMessage? Snapshot, IReadOnlyList<HubMessage>? Missed);
