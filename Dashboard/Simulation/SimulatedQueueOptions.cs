namespace Dashboard.Simulation;

/// <summary>
/// One simulated inbound queue (configuration <c>Simulation:Queues:{name}</c>): its agents and the traffic offered to it.
/// Durations are nominal seconds (divided by <see cref="SimulationOptions.QueueSpeedFactor"/>). See
/// <see cref="QueueProfile"/> for the queueing model.
/// </summary>
public sealed class SimulatedQueueOptions
{
    /// <summary>Agents serving the queue, 1 to 500. Default 12.</summary>
    public int Agents { get; set; } = 12;

    /// <summary>Mean arrivals per hour (Poisson), greater than 0 and at most 100000. Default 120.</summary>
    public double CallsPerHour { get; set; } = 120;

    /// <summary>Mean talk time in seconds (exponential), 1 to 7200. Default 240.</summary>
    public double MeanHandleSeconds { get; set; } = 240;

    /// <summary>After-call work per call in seconds (fixed), 0 to 3600. Default 30.</summary>
    public double WrapUpSeconds { get; set; } = 30;

    /// <summary>Mean caller patience in seconds (exponential) before a waiting caller abandons, 1 to 7200. Default 240.</summary>
    public double MeanPatienceSeconds { get; set; } = 240;

    /// <summary>Probability of a break (<c>busy</c>) after a wrap-up, 0 to 1. Default 0.03.</summary>
    public double BreakProbability { get; set; } = 0.03;

    /// <summary>Length of a break in seconds (fixed), 0 to 7200. Default 300.</summary>
    public double BreakSeconds { get; set; } = 300;

    /// <summary>
    /// The queues simulated when <c>Simulation:Queues</c> is not configured: <c>support</c> (12 agents, 120 calls/h) and
    /// <c>sales</c> (10 agents, 100 calls/h), 240 s mean talk, 30 s wrap-up. Offered load 9 and 7.5 Erlangs (75 % of
    /// the agents); Erlang C without abandons predicts 79 % and 75 % answered within 20 s. With patience (240 s and
    /// 300 s mean) and breaks the simulation settles near 85 % / 80 % service level, 3–4 % abandons and 72–75 %
    /// occupancy, the usual 80/20 contact-centre target.
    /// </summary>
    internal static Dictionary<string, SimulatedQueueOptions> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["support"] = new SimulatedQueueOptions(),
        ["sales"] = new SimulatedQueueOptions { Agents = 10, CallsPerHour = 100, MeanPatienceSeconds = 300 },
    };

    /// <summary>The model's view of this queue.</summary>
    internal QueueProfile ToProfile(string name) => new()
    {
        Name = name,
        Agents = Agents,
        CallsPerHour = CallsPerHour,
        MeanHandleSeconds = MeanHandleSeconds,
        WrapUpSeconds = WrapUpSeconds,
        MeanPatienceSeconds = MeanPatienceSeconds,
        BreakProbability = BreakProbability,
        BreakSeconds = BreakSeconds,
    };

    /// <summary>Adds a failure naming the exact key (<c>Simulation:Queues:{name}:{member}</c>) for every value out of range.</summary>
    internal void Validate(string name, List<string> failures)
    {
        var key = "Simulation:Queues:" + name + ":";
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            failures.Add($"Simulation:Queues:{name} must be named with 1 to 64 ASCII letters, digits, '-' or '_'.");
        }

        if (Agents is < 1 or > 500)
        {
            failures.Add(key + "Agents must be between 1 and 500.");
        }

        OptionRanges.Check(failures, key, "CallsPerHour", CallsPerHour, 0, 100_000, exclusiveMin: true);
        OptionRanges.Check(failures, key, "MeanHandleSeconds", MeanHandleSeconds, 1, 7200);
        OptionRanges.Check(failures, key, "WrapUpSeconds", WrapUpSeconds, 0, 3600);
        OptionRanges.Check(failures, key, "MeanPatienceSeconds", MeanPatienceSeconds, 1, 7200);
        OptionRanges.Check(failures, key, "BreakProbability", BreakProbability, 0, 1);
        OptionRanges.Check(failures, key, "BreakSeconds", BreakSeconds, 0, 7200);

    }
}
