namespace Dashboard.Retention;

/// <summary>How long stored history is kept (configuration section <c>Retention</c>); read by the retention job.</summary>
public sealed class RetentionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Retention";

    /// <summary>
    /// Days of raw history kept (<c>Retention:Days</c>, 1..3650, default 30): events older than this (by event time) that
    /// the fold has passed, and calls that ended longer ago, are deleted. Campaign counters and the roll-ups are not.
    /// </summary>
    public int Days { get; set; } = 30;

    /// <summary>
    /// Days of per-day roll-ups kept (<c>Retention:RollupDays</c>, at least <see cref="Days"/> and 8, at most 3650, default
    /// 400: a year with room for year-on-year comparisons of the same weeks).
    /// </summary>
    public int RollupDays { get; set; } = 400;
}
