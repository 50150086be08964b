namespace Dashboard.Queues;

/// <summary>
/// Topic <c>queue</c>, type <c>queue_updated</c> (snapshot), and the body of <c>GET /api/v1/queues</c>: the queues of
/// the tenant by name (one that has calls queued today, callers waiting, or agents listing it) and their totals over
/// every queue. At most <c>Payloads:MaxQueues</c> (default 200) are listed, the busiest; <c>queueCount</c> is the true
/// number and <c>truncated</c> says the list stops short of it. "Today" is the tenant's business day in its zone
/// (<c>timeZone</c>, <c>Tenants:{tenant}:TimeZone</c>); <c>windowStart</c> is its start (UTC instant of local midnight);
/// <c>computedAt</c> is UTC.
/// </summary>
/// <remarks>Equality compares the queues element by element (a record compares a list by reference).</remarks>
public sealed record QueueUpdated(IReadOnlyList<QueueMetrics> Queues, QueueTotals Totals, DateTime WindowStart, DateTime ComputedAt)
{
    /// <summary>Every queue of the tenant (the list may stop short of it); defaults to the list's length.</summary>
    public int QueueCount
    {
        get => field < Queues.Count ? Queues.Count : field;
        init;
    }

    /// <summary>The tenant's IANA time zone (default <c>UTC</c>) whose business day "today" is.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>True when <see cref="Queues"/> lists fewer than <see cref="QueueCount"/>.</summary>
    public bool Truncated => QueueCount > Queues.Count;

    /// <inheritdoc />
    public bool Equals(QueueUpdated? other) =>
        other is not null && Totals == other.Totals && WindowStart == other.WindowStart && ComputedAt == other.ComputedAt
        && TimeZone == other.TimeZone
        && QueueCount == other.QueueCount && Queues.SequenceEqual(other.Queues);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Queues.Count, Totals, WindowStart, ComputedAt);
}
