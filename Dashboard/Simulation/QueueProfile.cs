namespace Dashboard.Simulation;

/// <summary>
/// One simulated inbound queue (an ACD skill group): its agents and the traffic offered to it. Durations are nominal
/// (real-world) seconds; <see cref="InboundQueueModel"/> divides them by its speed factor.
/// </summary>
/// <remarks>
/// The queue is an M/M/N+M system ("Erlang A": Poisson arrivals, exponential handle times, N agents, exponential
/// patience; Gans, Koole and Mandelbaum, "Telephone call centers: tutorial, review and research prospects", 2003, §4.2),
/// with a fixed wrap-up after each call and occasional breaks. Without abandons it is Erlang C (M/M/N). The offered
/// load is A = <see cref="CallsPerHour"/> / 3600 × (<see cref="MeanHandleSeconds"/> + <see cref="WrapUpSeconds"/>)
/// Erlangs, and A / <see cref="Agents"/> the occupancy it aims at.
/// </remarks>
internal sealed record QueueProfile
{
    /// <summary>Queue name, the <c>queue</c> of <c>call.started</c>/<c>call.queued</c> and part of agent ids (letters, digits, <c>-</c>, <c>_</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Agents staffing the queue (N), each serving only this queue.</summary>
    public int Agents { get; init; } = 12;

    /// <summary>Mean arrivals per nominal hour (λ; Poisson process, so inter-arrival times are exponential with mean 3600/λ s).</summary>
    public double CallsPerHour { get; init; } = 120;

    /// <summary>Mean talk time, nominal seconds (exponential: the M of M/M/N).</summary>
    public double MeanHandleSeconds { get; init; } = 240;

    /// <summary>After-call work per call, nominal seconds (fixed); the agent is not routable meanwhile.</summary>
    public double WrapUpSeconds { get; init; } = 30;

    /// <summary>Mean caller patience, nominal seconds (exponential): a caller still waiting after it hangs up (<c>abandoned</c>).</summary>
    public double MeanPatienceSeconds { get; init; } = 180;

    /// <summary>Probability that an agent takes a break (<c>busy</c>) after a wrap-up instead of becoming available.</summary>
    public double BreakProbability { get; init; } = 0.03;

    /// <summary>Length of a break, nominal seconds (fixed).</summary>
    public double BreakSeconds { get; init; } = 300;
}
