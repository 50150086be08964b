using Dashboard.Rollups;

namespace Dashboard.Retention;

/// <summary>What one retention run deleted.</summary>
/// <param name="DeletedByTable">Rows deleted, by table name (<c>events</c>, <c>calls</c>, the hourly and daily roll-ups).</param>
internal sealed record RetentionResult(IReadOnlyDictionary<string, long> DeletedByTable)
{
    /// <summary>Rows deleted from <paramref name="table"/> (0 for a table the run does not touch).</summary>
    public long this[string table] => DeletedByTable.GetValueOrDefault(table);

    /// <summary>Hourly roll-up rows deleted, all tables.</summary>
    public long Hourly => RollupTable.All.Sum(t => this[t.Hourly]);

    /// <summary>Daily roll-up rows deleted, all tables.</summary>
    public long Daily => RollupTable.All.Sum(t => this[t.Daily]);
}
