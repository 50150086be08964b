namespace Dashboard.Simulation;

/// <summary>
/// The shape of one tenant's simulated outbound-dialer traffic. Probabilities are per call attempt; durations are
/// "nominal" (real-world) seconds, divided by <see cref="SpeedFactor"/> to get wall-clock time.
/// </summary>
/// <remarks>
/// Defaults follow typical outbound predictive-dialer figures: a little over half the attempts are answered, about a
/// fifth ring out, one in seven hits a busy line; talk times are log-normal (right-skewed, as call durations are).
/// </remarks>
internal sealed record TrafficProfile
{
    /// <summary>Campaigns per tenant.</summary>
    public int Campaigns { get; init; } = 3;

    /// <summary>Mean call attempts per wall-clock second over the tenant (Poisson process).</summary>
    public double CallsPerSecond { get; init; } = 2;

    /// <summary>Nominal seconds per wall-clock second for ring and talk times.</summary>
    public double SpeedFactor { get; init; } = 1;

    /// <summary>P(answered).</summary>
    public double Answered { get; init; } = 0.55;

    /// <summary>P(busy).</summary>
    public double Busy { get; init; } = 0.15;

    /// <summary>P(no_answer).</summary>
    public double NoAnswer { get; init; } = 0.22;

    /// <summary>P(failed). The four attempt probabilities must add up to 1.</summary>
    public double Failed { get; init; } = 0.08;

    /// <summary>P(converted | answered).</summary>
    public double ConvertedWhenAnswered { get; init; } = 0.15;

    /// <summary>P(opted_out | answered); the rest of the answered calls end <c>completed</c>.</summary>
    public double OptedOutWhenAnswered { get; init; } = 0.03;

    /// <summary>Median talk time, nominal seconds.</summary>
    public double MedianTalkSeconds { get; init; } = 90;

    /// <summary>σ of ln(talk time); 0.6 puts the 90th percentile near 2.2 × the median.</summary>
    public double TalkSigma { get; init; } = 0.6;

    /// <summary>Smallest and largest dial queue a campaign starts (or is refilled) with.</summary>
    public (int Min, int Max) QueueSize { get; init; } = (300, 900);

    /// <summary>Wall-clock seconds a completed campaign waits before its list is refilled.</summary>
    public (double Min, double Max) RefillAfterSeconds { get; init; } = (20, 60);
}
