namespace Dashboard.Chat;

/// <summary>
/// What "unchanged" compares a <see cref="ChatUpdate"/> by (docs/protocol.md §5): every field by value, except the ones
/// that move with the clock alone: <c>computedAt</c>, <c>longestWaitSeconds</c> and each waiting session's
/// <c>waitingSeconds</c> (clients tick those on from <c>startedAt</c> and <c>computedAt</c>).
/// </summary>
/// <remarks>
/// A record compares its lists and dictionaries by reference, so two equal payloads computed a second apart would never
/// be equal; this compares them element by element, and dictionaries entry by entry, whatever their order.
/// </remarks>
internal sealed class ChatComparable(ChatUpdate update) : IEquatable<ChatComparable>
{
    private readonly ChatUpdate _update = update with
    {
        ComputedAt = default,
        LongestWaitSeconds = null,
        WaitingSessions = [.. update.WaitingSessions.Select(w => w with { WaitingSeconds = 0 })],
    };

    /// <inheritdoc />
    public bool Equals(ChatComparable? other)
    {
        if (other is null)
        {
            return false;
        }

        var (a, b) = (_update, other._update);
        return a.TimeZone == b.TimeZone && a.WindowStart == b.WindowStart && a.Sessions == b.Sessions
            && a.AverageWaitSeconds == b.AverageWaitSeconds && a.FirstResponseSeconds == b.FirstResponseSeconds
            && a.ResolutionSeconds == b.ResolutionSeconds
            && a.WaitingSessions.SequenceEqual(b.WaitingSessions) && a.Agents.SequenceEqual(b.Agents)
            && Same(a.Csat, b.Csat) && Same(a.Messages, b.Messages);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ChatComparable);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(_update.WindowStart, _update.Sessions, _update.WaitingSessions.Count, _update.Agents.Count, _update.Csat.Responses, _update.Messages.Today);

    private static bool Same(CsatSummary a, CsatSummary b) =>
        a.Responses == b.Responses && a.Percent == b.Percent && a.Average == b.Average && Same(a.Distribution, b.Distribution);

    private static bool Same(MessageSummary a, MessageSummary b) =>
        a.Today == b.Today && a.DeliveryRate == b.DeliveryRate && a.ReadRate == b.ReadRate && a.FailureRate == b.FailureRate
        && a.PeakHour == b.PeakHour && a.PerHour.SequenceEqual(b.PerHour) && Same(a.ByKind, b.ByKind) && Same(a.ByStatus, b.ByStatus);

    private static bool Same(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
