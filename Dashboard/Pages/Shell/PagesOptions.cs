using System.Text.Json;

namespace Dashboard.Pages.Shell;

/// <summary>
/// What the pages show and how (configuration section <c>Pages</c>); rendered into every page as
/// <c>&lt;script type="application/json" id="page-config"&gt;</c> by the layout (see docs/pages.md).
/// </summary>
public sealed class PagesOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Pages";

    /// <summary>Points a history chart keeps (<c>Pages:ChartHistoryPoints</c>, 2..3600, default 60).</summary>
    public int ChartHistoryPoints { get; set; } = 60;

    /// <summary>Seconds the Wallboard shows one queue or campaign before the next (<c>Pages:WallboardRotateSeconds</c>, 3..3600, default 15).</summary>
    public int WallboardRotateSeconds { get; set; } = 15;

    /// <summary>What the Wallboard shows beyond its built-in views (<c>Pages:Wallboard:*</c>).</summary>
    public WallboardOptions Wallboard { get; set; } = new();

    /// <summary>
    /// Warning and critical levels per metric (<c>Pages:Thresholds:{metric}:Warning|Critical|Direction</c>). Keys not
    /// configured take <see cref="ThresholdDefaults"/>; a metric configured here but not there needs all three.
    /// </summary>
    public Dictionary<string, ThresholdOptions> Thresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON the browser modules read (thresholds.js, charts.js); safe inside a script element.</summary>
    public string ToClientJson() => JsonSerializer.Serialize(new
    {
        chartHistoryPoints = ChartHistoryPoints,
        wallboardRotateSeconds = WallboardRotateSeconds,
        wallboardKpis = Wallboard.Kpis,
        thresholds = Thresholds.ToDictionary(
            pair => pair.Key,
            pair => new { warning = pair.Value.Warning, critical = pair.Value.Critical, direction = pair.Value.Direction }),
    }, Json);
}

/// <summary>The Wallboard's configurable views (<c>Pages:Wallboard</c>, docs/pages.md "Wallboard").</summary>
public sealed class WallboardOptions
{
    /// <summary>Most entries of <see cref="Kpis"/>.</summary>
    public const int MaxKpis = 50;

    /// <summary>Longest entry of <see cref="Kpis"/>, in characters (a series key with its labels).</summary>
    public const int MaxKpiLength = 2000;

    /// <summary>
    /// The custom KPI series the Wallboard's <c>kpis</c> view shows, in order (<c>Pages:Wallboard:Kpis:0</c>, …): a series
    /// key as <c>GET /api/v1/kpis</c> writes it (<c>leads{region="eu"}</c>) selects that series, a bare name
    /// (<c>leads</c>) every series of that name, in key order. At most <see cref="MaxKpis"/> entries; the view shows the
    /// first 8 series selected. Empty (the default): no <c>kpis</c> view.
    /// </summary>
    public List<string> Kpis { get; set; } = [];
}

/// <summary>The levels of one metric: it is at <c>warning</c> once past <see cref="Warning"/>, <c>critical</c> past <see cref="Critical"/>.</summary>
public sealed class ThresholdOptions
{
    /// <summary>The warning level, in the metric's unit (ratios 0..1, seconds, counts).</summary>
    public double? Warning { get; set; }

    /// <summary>The critical level, in the metric's unit.</summary>
    public double? Critical { get; set; }

    /// <summary><c>above</c>: higher is worse (ASA); <c>below</c>: lower is worse (service level).</summary>
    public string? Direction { get; set; }
}

/// <summary>The built-in levels; each can be overridden key by key in configuration.</summary>
public static class ThresholdDefaults
{
    /// <summary>Metric name → (warning, critical, direction). Ratios are 0..1.</summary>
    public static IReadOnlyDictionary<string, (double Warning, double Critical, string Direction)> All { get; } =
        new Dictionary<string, (double, double, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["serviceLevel"] = (0.8, 0.7, "below"),
            ["asaSeconds"] = (20, 60, "above"),
            ["ahtSeconds"] = (360, 600, "above"),
            ["abandonmentRate"] = (0.05, 0.1, "above"),
            ["longestWaitSeconds"] = (60, 180, "above"),
            ["callsWaiting"] = (5, 15, "above"),
            ["occupancy"] = (0.85, 0.95, "above"),
            ["answerRate"] = (0.25, 0.15, "below"),
            ["jobLagSeconds"] = (30, 120, "above"),
            ["cpuPercent"] = (80, 95, "above"),
            // Chat (docs/pages.md, "Chat"): a chat customer waits less patiently than a caller on hold, and a reply
            // within a minute is the usual live-chat target; CSAT % (4s and 5s of responses) at 75 % or below asks for a look.
            ["chatWaiting"] = (3, 10, "above"),
            ["chatWaitSeconds"] = (60, 180, "above"),
            ["chatFirstResponseSeconds"] = (60, 180, "above"),
            ["csatPercent"] = (0.75, 0.6, "below"),
        };

    /// <summary>Fills what configuration left out from <see cref="All"/> (runs after binding, before validation).</summary>
    public static void Apply(PagesOptions options)
    {
        // Re-keyed case-insensitively: the binder may have replaced the dictionary with its own.
        var merged = new Dictionary<string, ThresholdOptions>(options.Thresholds, StringComparer.OrdinalIgnoreCase);
        foreach (var (metric, (warning, critical, direction)) in All)
        {
            var t = merged.TryGetValue(metric, out var configured) ? configured : merged[metric] = new ThresholdOptions();
            t.Warning ??= warning;
            t.Critical ??= critical;
            t.Direction ??= direction;
        }

        options.Thresholds = merged;
    }
}
