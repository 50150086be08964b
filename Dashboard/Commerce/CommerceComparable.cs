namespace Dashboard.Commerce;

/// <summary>
/// What "unchanged" compares a <see cref="CommerceUpdate"/> by (docs/protocol.md §5): every field by value except
/// <c>computedAt</c>. Lists are compared element by element (a record compares them by reference), so two equal payloads
/// computed a second apart are equal; the per-minute lists move on each minute, so a live tenant publishes at least once
/// a minute.
/// </summary>
internal sealed class CommerceComparable(CommerceUpdate update) : IEquatable<CommerceComparable>
{
    private readonly CommerceUpdate _update = update;

    /// <inheritdoc />
    public bool Equals(CommerceComparable? other)
    {
        if (other is null)
        {
            return false;
        }

        var (a, b) = (_update, other._update);
        return a.TimeZone == b.TimeZone && a.WindowStart == b.WindowStart && a.ActiveUsers == b.ActiveUsers
            && a.Transactions == b.Transactions && a.TransactionsToday == b.TransactionsToday && a.Content == b.Content
            && a.Revenue.SequenceEqual(b.Revenue) && a.RevenuePerMinute.SequenceEqual(b.RevenuePerMinute)
            && a.ActiveUsersPerMinute.SequenceEqual(b.ActiveUsersPerMinute);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CommerceComparable);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(_update.WindowStart, _update.ActiveUsers, _update.Transactions, _update.Revenue.Count, _update.RevenuePerMinute.Count);
}
