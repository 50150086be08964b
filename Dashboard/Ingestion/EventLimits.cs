using Dashboard.Retention;


namespace Dashboard.Ingestion;

/// <summary>
/// The bounds one request's events are checked against (docs/limits.md, "Ingestion"), taken from
/// <see cref="IngestionOptions"/> and <see cref="RetentionOptions"/> once per request so every rule of the request sees
/// the same values.
/// </summary>
/// <param name="MaxIdentifierBytes">Longest identifier in UTF-8 bytes (<c>Ingestion:MaxIdentifierBytes</c>).</param>
/// <param name="MaxTextBytes">Longest free-text member in UTF-8 bytes (<c>Ingestion:MaxTextBytes</c>).</param>
/// <param name="MaxListEntries">Most entries of a list member such as <c>queues</c> (<c>Ingestion:MaxListEntries</c>).</param>
/// <param name="MaxFutureSkew">How far after arrival <c>time</c> may be (<c>Ingestion:MaxFutureSkewSeconds</c>).</param>
/// <param name="MaxAgeDays">How many days before arrival <c>time</c> may be (<c>Ingestion:MaxEventAgeDays</c>, else <c>Retention:Days</c>).</param>
internal sealed record EventLimits(int MaxIdentifierBytes, int MaxTextBytes, int MaxListEntries, TimeSpan MaxFutureSkew, int MaxAgeDays)
{
    /// <summary>Most labels of a <c>metric.reported</c> (docs/limits.md; a fixed rule of the KPI catalogue).</summary>
    public const int MaxLabels = Dashboard.Kpis.KpiSeriesKey.MaxLabels;

    /// <summary>
    /// Largest magnitude of a <c>metric.reported</c> <c>value</c>: 10^15 (docs/limits.md). Keeps every counter's sum of
    /// reports finite and integer values exact (a double holds integers exactly up to 2^53 ≈ 9×10^15).
    /// </summary>
    public const double MaxMetricValue = Dashboard.Kpis.KpiEvent.MaxValue;

    /// <summary>
    /// Largest <c>durationSeconds</c> of a <c>call.ended</c>: 7 days (docs/limits.md). No call lasts longer, and the
    /// bound keeps the roll-ups' sums of durations finite (two values near <c>double.MaxValue</c> would overflow them).
    /// </summary>
    public const double MaxDurationSeconds = 7 * 86_400;

    /// <summary>The limits of an unconfigured server (every default); what in-process producers such as webhooks are held to.</summary>
    public static EventLimits Default { get; } = From(new IngestionOptions(), new RetentionOptions());

    /// <summary>The limits in effect for <paramref name="options"/>; <c>Ingestion:MaxEventAgeDays</c> unset means <c>Retention:Days</c>.</summary>
    public static EventLimits From(IngestionOptions options, RetentionOptions retention) => new(
        options.MaxIdentifierBytes,
        options.MaxTextBytes,
        options.MaxListEntries,
        TimeSpan.FromSeconds(options.MaxFutureSkewSeconds),
        options.MaxEventAgeDays ?? retention.Days);
}
