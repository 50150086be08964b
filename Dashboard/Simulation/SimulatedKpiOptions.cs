namespace Dashboard.Simulation;

/// <summary>
/// The custom KPI producers of every simulated tenant (configuration section <c>Simulation:Kpis</c>): a social-media
/// listening tool, a CRM and an AI-agent platform reporting <c>metric.reported</c> (docs/events.md §5). See
/// <see cref="KpiProducerModel"/> for what they send and README.md ("Simulated traffic").
/// </summary>
public sealed class SimulatedKpiOptions
{
    private const string Key = "Simulation:Kpis:";

    /// <summary>Simulates the KPI producers (when the simulator runs). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two reports of one series, 1 to 3600. Default 10.</summary>
    public double ReportSeconds { get; set; } = 10;

    /// <summary>Mean social mentions per minute over every network together, 0 to 100000. Default 30.</summary>
    public double MentionsPerMinute { get; set; } = 30;

    /// <summary>Mean open leads per region (the level the <c>leads</c> gauge wanders around), 0 to 1000000. Default 40.</summary>
    public double LeadsPerRegion { get; set; } = 40;

    /// <summary>Mean AI-agent conversations started per minute over every bot and channel together, 0 to 100000. Default 12.</summary>
    public double ConversationsPerMinute { get; set; } = 12;

    /// <summary>
    /// Minutes of KPI history reported at start, 0 to 120. Default 60: the first batch already fills the sparklines of
    /// the last hour (reports with past times).
    /// </summary>
    public int WarmStartMinutes { get; set; } = 60;

    /// <summary>The model's view of these options. Call only on validated options.</summary>
    internal KpiProducerProfile ToProfile() => new()
    {
        ReportSeconds = ReportSeconds,
        MentionsPerMinute = MentionsPerMinute,
        LeadsPerRegion = LeadsPerRegion,
        ConversationsPerMinute = ConversationsPerMinute,
    };

    /// <summary>Adds a failure naming the exact key (<c>Simulation:Kpis:{member}</c>) for every value out of range.</summary>
    internal void Validate(List<string> failures)
    {
        OptionRanges.Check(failures, Key, "ReportSeconds", ReportSeconds, 1, 3600);
        OptionRanges.Check(failures, Key, "MentionsPerMinute", MentionsPerMinute, 0, 100_000);
        OptionRanges.Check(failures, Key, "LeadsPerRegion", LeadsPerRegion, 0, 1_000_000);
        OptionRanges.Check(failures, Key, "ConversationsPerMinute", ConversationsPerMinute, 0, 100_000);
        if (WarmStartMinutes is < 0 or > 120)
        {
            failures.Add(Key + "WarmStartMinutes must be between 0 and 120.");
        }
    }
}

/// <summary>The KPI producers as <see cref="KpiProducerModel"/> sees them (nominal, real-time units).</summary>
internal sealed record KpiProducerProfile
{
    /// <summary>Seconds between two reports of one series, &gt; 0.</summary>
    public double ReportSeconds { get; init; } = 10;

    /// <summary>Mean mentions per minute over every network, ≥ 0.</summary>
    public double MentionsPerMinute { get; init; } = 30;

    /// <summary>Mean open leads per region, ≥ 0.</summary>
    public double LeadsPerRegion { get; init; } = 40;

    /// <summary>Mean conversations per minute over every bot and channel, ≥ 0.</summary>
    public double ConversationsPerMinute { get; init; } = 12;
}

/// <summary>
/// <c>metric.reported</c> data (docs/events.md §5): <paramref name="Kind"/> <c>gauge</c> (the value now) or
/// <c>counter</c> (a delta added to the series' total); <paramref name="Labels"/> names the series with the name.
/// </summary>
internal sealed record MetricReportedData(string Name, double Value, string Kind, IReadOnlyDictionary<string, string> Labels);
