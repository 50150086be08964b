namespace Dashboard.Simulation;

/// <summary>
/// One tenant's simulated chat centre as <see cref="ChatCentreModel"/> sees it. Durations are nominal (real-world)
/// seconds and rates per nominal hour; the model divides the durations and multiplies the rates by its speed factor.
/// </summary>
/// <remarks>
/// Each channel is a Poisson arrival process. A session is picked up from the queue after an exponential delay (the
/// routing and accept time of chat tools; the session waits meanwhile), then handed, first come first served, to the
/// agent with the fewest open sessions below <see cref="MaxSessionsPerAgent"/>: an M/M/(N·c)+M queue whose servers are
/// the agents' session slots. Customers who are still unassigned when their exponential patience runs out leave.
/// </remarks>
internal sealed record ChatProfile
{
    /// <summary>Channels with their mean session arrivals per nominal hour, at least one, with distinct names.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Channels { get; init; }

    /// <summary>The agents' ids, at least one, distinct (the tenant's voice agents, so their names are known).</summary>
    public required IReadOnlyList<string> AgentIds { get; init; }

    /// <summary>Open sessions one agent handles at once (the concurrency limit), at least 1.</summary>
    public int MaxSessionsPerAgent { get; init; } = 3;

    /// <summary>Mean delay before a session can be assigned (routing and accept), exponential, nominal seconds, ≥ 0.</summary>
    public double MeanPickUpSeconds { get; init; } = 20;

    /// <summary>Mean time from assignment to the agent's first message, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanFirstReplySeconds { get; init; } = 30;

    /// <summary>Mean customer → agent exchanges after the first reply (geometric, so 0 is possible), ≥ 0.</summary>
    public double MeanExchanges { get; init; } = 4;

    /// <summary>Mean time to each next message and from the last message to the close, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanReplySeconds { get; init; } = 30;

    /// <summary>Mean customer patience while unassigned, exponential, nominal seconds, &gt; 0.</summary>
    public double MeanPatienceSeconds { get; init; } = 300;

    /// <summary>P(<c>resolved: true</c>) of a session an agent closes.</summary>
    public double ResolvedShare { get; init; } = 0.85;

    /// <summary>P(a CSAT response) after a session an agent handled is closed.</summary>
    public double CsatShare { get; init; } = 0.4;

    /// <summary>P(<c>failed</c>) of an agent message's delivery; the rest are <c>delivered</c>.</summary>
    public double FailedShare { get; init; } = 0.03;

    /// <summary>P(<c>read</c>) of a delivered agent message.</summary>
    public double ReadShare { get; init; } = 0.9;

    /// <summary>Kinds of customer messages and their weights (text mostly; photos, files, voice notes, a few videos).</summary>
    public IReadOnlyList<(string Kind, double Weight)> CustomerKinds { get; init; } =
        [("text", 0.8), ("image", 0.1), ("file", 0.05), ("audio", 0.04), ("video", 0.01)];

    /// <summary>Kinds of agent messages and their weights (text, some files and screenshots).</summary>
    public IReadOnlyList<(string Kind, double Weight)> AgentKinds { get; init; } =
        [("text", 0.9), ("image", 0.03), ("file", 0.05), ("audio", 0.01), ("video", 0.01)];

    /// <summary>Weights of the scores 1..5 after a resolved session (skewed to 5, as CSAT surveys are).</summary>
    public IReadOnlyList<double> ResolvedScores { get; init; } = [0.04, 0.04, 0.1, 0.27, 0.55];

    /// <summary>Weights of the scores 1..5 after an unresolved session.</summary>
    public IReadOnlyList<double> UnresolvedScores { get; init; } = [0.3, 0.25, 0.25, 0.12, 0.08];
}
