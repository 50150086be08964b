namespace Dashboard.Kpis;

/// <summary>
/// What "unchanged" compares a <see cref="KpisUpdate"/> by (docs/protocol.md §5): every field by value except
/// <c>computedAt</c>. Lists and label sets are compared element by element (a record compares them by reference), so two
/// equal payloads computed a second apart are equal.
/// </summary>
internal sealed class KpiComparable(KpisUpdate update) : IEquatable<KpiComparable>
{
    private readonly KpisUpdate _update = update;

    /// <inheritdoc />
    public bool Equals(KpiComparable? other)
    {
        if (other is null)
        {
            return false;
        }

        var (a, b) = (_update, other._update);
        return a.TimeZone == b.TimeZone && a.WindowStart == b.WindowStart && a.SeriesCount == b.SeriesCount && a.Truncated == b.Truncated
            && a.Series.Count == b.Series.Count && a.Series.Zip(b.Series).All(p => Same(p.First, p.Second));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as KpiComparable);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_update.WindowStart, _update.SeriesCount, _update.Series.Count);

    private static bool Same(KpiSeriesEntry a, KpiSeriesEntry b) =>
        a with { Labels = b.Labels, History = b.History } == b
        && a.Labels.Count == b.Labels.Count && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && a.History.SequenceEqual(b.History);
}
