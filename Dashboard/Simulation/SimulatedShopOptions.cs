using Dashboard.Commerce;

namespace Dashboard.Simulation;

/// <summary>
/// The simulated shop of every simulated tenant (configuration section <c>Simulation:Shop</c>): traffic along a daily curve
/// in the tenant's time zone, browsing users, content views and purchases, payments in several currencies, refunds. See
/// <see cref="ShopProfile"/> for the model and README.md ("Simulated traffic") for what it produces.
/// </summary>
public sealed class SimulatedShopOptions
{
    private const string Key = "Simulation:Shop:";

    /// <summary>Simulates the shop (when the simulator runs). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Mean sessions starting per minute at the busiest hour (20:00 local), greater than 0 and at most 10000. Default 12.</summary>
    public double SessionsPerMinuteAtPeak { get; set; } = 12;

    /// <summary>
    /// Currencies with their relative share of checkouts (<c>Simulation:Shop:Currencies:EUR</c> = 0.6, …): active ISO 4217
    /// codes in upper case, shares greater than 0 and at most 1000, at most 5 currencies. Unset: <c>EUR</c> 0.6,
    /// <c>USD</c> 0.4. Configuring any currency replaces the defaults.
    /// </summary>
    /// <remarks>Nullable so that configuring currencies replaces the default set instead of merging into it.</remarks>
    public Dictionary<string, double>? Currencies { get; set; }

    /// <summary>Distinct returning users a session is drawn from, 1 to 10000000. Default 50000.</summary>
    public int Users { get; set; } = 50_000;

    /// <summary>Content items on sale, 1 to 100000. Default 300.</summary>
    public int ContentItems { get; set; } = 300;

    /// <summary>Mean session length in seconds (exponential), 10 to 7200. Default 360.</summary>
    public double MeanSessionSeconds { get; set; } = 360;

    /// <summary>Mean seconds between two content views of a session (exponential), 1 to 3600. Default 40.</summary>
    public double MeanViewSeconds { get; set; } = 40;

    /// <summary>Share of sessions that check out the last item viewed, 0 to 1. Default 0.08.</summary>
    public double PurchaseShare { get; set; } = 0.08;

    /// <summary>Share of payments that fail (<c>pending → failed</c>), 0 to 1. Default 0.1.</summary>
    public double FailedShare { get; set; } = 0.1;

    /// <summary>Share of completed transactions refunded later (<c>completed → refunded</c>), 0 to 1. Default 0.04.</summary>
    public double RefundShare { get; set; } = 0.04;

    /// <summary>Share of <c>transaction.updated</c> events delivered 5–45 s late, after newer ones, 0 to 1. Default 0.05.</summary>
    public double LateShare { get; set; } = 0.05;

    /// <summary>How much faster than real time the shop runs, 0.1 to 1000. Default 1 (real-world "active now" windows).</summary>
    public double SpeedFactor { get; set; } = 1;

    /// <summary>
    /// Minutes of shop history simulated at start, 0 to 120. Default 60: the first batch already fills the last hour's
    /// revenue-per-minute and active-users charts (events with past times).
    /// </summary>
    public int WarmStartMinutes { get; set; } = 60;

    /// <summary>The currencies in effect, by code (ordinal order): <see cref="Currencies"/> when configured, else the defaults.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> EffectiveCurrencies =>
        [.. (Currencies is { Count: > 0 } ? Currencies : new Dictionary<string, double> { ["EUR"] = 0.6, ["USD"] = 0.4 })
            .OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>
    /// The model's view for a tenant whose business day is in <paramref name="zone"/> (the curve follows its local hours);
    /// each currency with its ISO 4217 minor unit (<see cref="Iso4217"/>). Call only on validated options.
    /// </summary>
    internal ShopProfile ToProfile(TimeZoneInfo zone) => new()
    {
        SessionsPerMinuteAtPeak = SessionsPerMinuteAtPeak,
        TimeZone = zone,
        Currencies = [.. EffectiveCurrencies.Select(c => new ShopCurrency(c.Key, c.Value, Iso4217.MinorUnits[c.Key]))],
        Users = Users,
        ContentItems = ContentItems,
        MeanSessionSeconds = MeanSessionSeconds,
        MeanViewSeconds = MeanViewSeconds,
        PurchaseShare = PurchaseShare,
        FailedShare = FailedShare,
        RefundShare = RefundShare,
        LateShare = LateShare,
    };

    /// <summary>Adds a failure naming the exact key (<c>Simulation:Shop:{member}</c>) for every value out of range.</summary>
    internal void Validate(List<string> failures)
    {
        OptionRanges.Check(failures, Key, "SessionsPerMinuteAtPeak", SessionsPerMinuteAtPeak, 0, 10_000, exclusiveMin: true);
        var currencies = EffectiveCurrencies;
        if (currencies.Count > 5)
        {
            failures.Add(Key + "Currencies must name at most 5 currencies.");
        }

        foreach (var (code, share) in currencies)
        {
            if (!Iso4217.IsActive(code))
            {
                failures.Add($"{Key}Currencies:{code} must be an active ISO 4217 currency code in upper case, such as EUR or USD.");
            }

            OptionRanges.Check(failures, Key, "Currencies:" + code, share, 0, 1000, exclusiveMin: true);
        }

        if (Users is < 1 or > 10_000_000)
        {
            failures.Add(Key + "Users must be between 1 and 10000000.");
        }

        if (ContentItems is < 1 or > 100_000)
        {
            failures.Add(Key + "ContentItems must be between 1 and 100000.");
        }

        OptionRanges.Check(failures, Key, "MeanSessionSeconds", MeanSessionSeconds, 10, 7200);
        OptionRanges.Check(failures, Key, "MeanViewSeconds", MeanViewSeconds, 1, 3600);
        OptionRanges.Check(failures, Key, "PurchaseShare", PurchaseShare, 0, 1);
        OptionRanges.Check(failures, Key, "FailedShare", FailedShare, 0, 1);
        OptionRanges.Check(failures, Key, "RefundShare", RefundShare, 0, 1);
        OptionRanges.Check(failures, Key, "LateShare", LateShare, 0, 1);
        OptionRanges.Check(failures, Key, "SpeedFactor", SpeedFactor, 0.1, 1000);
        if (WarmStartMinutes is < 0 or > 120)
        {
            failures.Add(Key + "WarmStartMinutes must be between 0 and 120.");
        }

    }
}
