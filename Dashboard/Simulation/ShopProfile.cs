namespace Dashboard.Simulation;

/// <summary>
/// One tenant's simulated shop as <see cref="ShopModel"/> sees it. Durations are nominal (real-world) seconds and rates per
/// nominal minute; the model divides the durations and multiplies the rates by its speed factor.
/// </summary>
/// <remarks>
/// Sessions arrive as a Poisson process whose rate follows the hour of the day in the tenant's time zone
/// (<see cref="HourlyShape"/>, a non-homogeneous process drawn by thinning). A session is a returning user (drawn from
/// <see cref="Users"/>) who browses for an exponential time, reports <c>user.active</c> every 30–60 s and views content
/// items (popular ones more often) until leaving, a share of them checking out the last item viewed.
/// </remarks>
internal sealed record ShopProfile
{
    /// <summary>Mean session arrivals per nominal minute at the busiest hour of the day, &gt; 0.</summary>
    public double SessionsPerMinuteAtPeak { get; init; } = 12;

    /// <summary>
    /// The traffic of each local hour 0..23 relative to the peak (24 values within 0..1, at least one positive), interpolated
    /// linearly between hour midpoints. Default: an online shop's day, quiet at night, rising through the morning, a lunch
    /// bump and the evening peak at 20:00.
    /// </summary>
    public IReadOnlyList<double> HourlyShape { get; init; } =
        [0.18, 0.1, 0.06, 0.04, 0.04, 0.06, 0.12, 0.25, 0.4, 0.5, 0.58, 0.64, 0.7, 0.66, 0.6, 0.6, 0.64, 0.72, 0.82, 0.94, 1, 0.92, 0.66, 0.36];

    /// <summary>The zone whose local hours <see cref="HourlyShape"/> follows (the tenant's, <c>Tenants:{tenant}:TimeZone</c>).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Currencies with their share of checkouts (weights &gt; 0) and ISO 4217 minor-unit digits (0..4), at least one, distinct codes.</summary>
    public required IReadOnlyList<ShopCurrency> Currencies { get; init; }

    /// <summary>Distinct users who come back (ids <c>user-NNNNNN</c>), at least 1.</summary>
    public int Users { get; init; } = 50_000;

    /// <summary>Content items on sale (ids <c>content-NNNN</c>), at least 1; views follow a Zipf-like popularity.</summary>
    public int ContentItems { get; init; } = 300;

    /// <summary>Mean session length, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanSessionSeconds { get; init; } = 360;

    /// <summary>Mean time between two content views in a session, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanViewSeconds { get; init; } = 40;

    /// <summary>P(a session ends in a checkout of the last item viewed).</summary>
    public double PurchaseShare { get; init; } = 0.08;

    /// <summary>P(a payment fails): the transaction goes <c>pending → failed</c> instead of <c>pending → completed</c>.</summary>
    public double FailedShare { get; init; } = 0.1;

    /// <summary>P(a completed transaction is refunded later: <c>completed → refunded</c>).</summary>
    public double RefundShare { get; init; } = 0.04;

    /// <summary>P(a <c>transaction.updated</c> is delivered late, 5–45 nominal seconds after it happened, as webhooks are).</summary>
    public double LateShare { get; init; } = 0.05;

    /// <summary>Mean time from checkout (<c>pending</c>) to the payment's outcome, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanPaymentSeconds { get; init; } = 8;

    /// <summary>Mean time from completion to a refund, beyond a first 2 minutes, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanRefundSeconds { get; init; } = 900;

    /// <summary>The relative traffic (0..1 of the peak) at <paramref name="utc"/>: <see cref="HourlyShape"/> at that local time.</summary>
    public double ShapeAt(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZone);
        // Hour h's value holds at h:30; in between, a straight line to the neighbouring hour's value (wrapping at midnight).
        var hours = local.TimeOfDay.TotalHours - 0.5;
        var h = (int)Math.Floor(hours);
        var fraction = hours - h;
        var from = HourlyShape[(h + 24) % 24];
        var to = HourlyShape[(h + 25) % 24];
        return from + ((to - from) * fraction);
    }
}

/// <summary>A currency of the simulated shop.</summary>
/// <param name="Code">ISO 4217 alphabetic code (<c>EUR</c>).</param>
/// <param name="Weight">Relative share of checkouts paid in it, &gt; 0.</param>
/// <param name="MinorDigits">Digits after the decimal point (ISO 4217 exponent: EUR and USD 2, JPY 0); amounts are rounded to them.</param>
internal sealed record ShopCurrency(string Code, double Weight, int MinorDigits);
