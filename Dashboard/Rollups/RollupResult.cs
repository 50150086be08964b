namespace Dashboard.Rollups;

/// <summary>What one roll-up run did.</summary>
/// <param name="MovedByTable">Hourly rows moved into their days, by hourly table name.</param>
internal sealed record RollupResult(IReadOnlyDictionary<string, long> MovedByTable)
{
    /// <summary>Hourly rows moved, all tables.</summary>
    public long Moved => MovedByTable.Values.Sum();
}
