namespace Dashboard.Realtime;

/// <summary>Where a new subscription starts.</summary>
/// <param name="Seq">The stream's current seq (0 before the first message).</param>
/// <param name="Snapshot">The newest snapshot, or null.</param>
/// <param name="Missed">Messages after the client's <c>since</c>, oldest first; null when the gap is no longer in the history.</param>
/// <param name="Tail">
/// For a feed topic (<see cref="Topics.IsFeed"/>): the messages published after <paramref name="Snapshot"/>, oldest first,
/// sent after it whenever the snapshot is (docs/protocol.md §5, "Feed topics"); null for other topics, when there is no
/// snapshot, or when they are no longer all in the history (the snapshot alone is sent then).
/// </param>
public sealed record SubscriptionStart(long Seq, HubMessage? Snapshot, IReadOnlyList<HubMessage>? Missed, IReadOnlyList<HubMessage>? Tail = null);
