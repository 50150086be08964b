using System.Globalization;

namespace Dashboard.Simulation;

/// <summary>
/// The simulated chat centre of every simulated tenant (configuration section <c>Simulation:Chat</c>): channels, agents and
/// the shape of a conversation. Durations are nominal seconds (divided by <see cref="SpeedFactor"/>). See
/// <see cref="ChatProfile"/> for the model and README.md ("Simulated traffic") for what it produces.
/// </summary>
public sealed class SimulatedChatOptions
{
    /// <summary>Simulates chat (when the simulator runs). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Session arrivals per hour by channel (<c>Simulation:Chat:Channels:web</c> = 120, …), each greater than 0 and at most
    /// 100000, at most 10 channels named like identifiers. Unset: <c>web</c> 120, <c>whatsapp</c> 80, <c>messenger</c> 40.
    /// Configuring any channel replaces the defaults.
    /// </summary>
    /// <remarks>Nullable so that configuring channels replaces the default set instead of merging into it.</remarks>
    public Dictionary<string, double>? Channels { get; set; }

    /// <summary>
    /// Chat agents, 1 to 500. Default 10. They are the tenant's simulated voice agents (blended agents: ids and names from
    /// their <c>agent.status_changed</c>), taken one per queue in turn; beyond the voice agents, <c>agent-chat-NN</c>
    /// agents without a name.
    /// </summary>
    public int Agents { get; set; } = 10;

    /// <summary>Open sessions one agent handles at once, 1 to 20. Default 3.</summary>
    public int MaxSessionsPerAgent { get; set; } = 3;

    /// <summary>Mean seconds (exponential) before a started session can be assigned (routing, accept), 0 to 3600. Default 20.</summary>
    public double MeanPickUpSeconds { get; set; } = 20;

    /// <summary>Mean seconds (exponential) from assignment to the agent's first message, 1 to 3600. Default 30.</summary>
    public double MeanFirstReplySeconds { get; set; } = 30;

    /// <summary>Mean customer → agent exchanges after the first reply (geometric), 0 to 50. Default 4.</summary>
    public double MeanExchanges { get; set; } = 4;

    /// <summary>Mean seconds (exponential) to each next message, and from the last one to the close, 1 to 3600. Default 30.</summary>
    public double MeanReplySeconds { get; set; } = 30;

    /// <summary>Mean customer patience in seconds (exponential) while unassigned, 1 to 7200. Default 300.</summary>
    public double MeanPatienceSeconds { get; set; } = 300;

    /// <summary>Share of handled sessions closed <c>resolved: true</c>, 0 to 1. Default 0.85.</summary>
    public double ResolvedShare { get; set; } = 0.85;

    /// <summary>Share of handled sessions whose customer sends <c>csat.submitted</c>, 0 to 1. Default 0.4.</summary>
    public double CsatShare { get; set; } = 0.4;

    /// <summary>Share of agent messages whose delivery fails (<c>failed</c>), 0 to 1. Default 0.03.</summary>
    public double FailedShare { get; set; } = 0.03;

    /// <summary>How much faster than real time the chat centre runs, 0.1 to 1000. Default 1 (real-world seconds on the Chat page).</summary>
    public double SpeedFactor { get; set; } = 1;

    /// <summary>
    /// Minutes of chat history simulated at start, 0 to 120. Default 15: the first batch already holds closed, resolved
    /// and rated sessions and sessions in progress (events with past times), so every chat panel has figures at once.
    /// </summary>
    public int WarmStartMinutes { get; set; } = 15;

    /// <summary>The channels in effect, by name (ordinal order): <see cref="Channels"/> when configured, else the defaults.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> EffectiveChannels =>
        [.. (Channels is { Count: > 0 } ? Channels : new Dictionary<string, double> { ["web"] = 120, ["whatsapp"] = 80, ["messenger"] = 40 })
            .OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>The model's view, with <see cref="Agents"/> ids drawn from the voice queues' agents (see <see cref="Agents"/>).</summary>
    internal ChatProfile ToProfile(IReadOnlyList<QueueProfile> queues)
    {
        var ids = new List<string>(Agents);
        for (var round = 1; ids.Count < Agents && queues.Any(q => q.Agents >= round); round++)
        {
            ids.AddRange(queues.Where(q => q.Agents >= round).Select(q => InboundQueueModel.AgentId(q.Name, round)).Take(Agents - ids.Count));
        }

        for (var extra = 1; ids.Count < Agents; extra++)
        {
            ids.Add("agent-chat-" + extra.ToString("00", CultureInfo.InvariantCulture));
        }

        return new ChatProfile
        {
            Channels = EffectiveChannels,
            AgentIds = ids,
            MaxSessionsPerAgent = MaxSessionsPerAgent,
            MeanPickUpSeconds = MeanPickUpSeconds,
            MeanFirstReplySeconds = MeanFirstReplySeconds,
            MeanExchanges = MeanExchanges,
            MeanReplySeconds = MeanReplySeconds,
            MeanPatienceSeconds = MeanPatienceSeconds,
            ResolvedShare = ResolvedShare,
            CsatShare = CsatShare,
            FailedShare = FailedShare,
        };
    }

    /// <summary>Adds a failure naming the exact key (<c>Simulation:Chat:{member}</c>) for every value out of range.</summary>
    internal void Validate(List<string> failures)
    {
        const string Key = "Simulation:Chat:";
        var channels = EffectiveChannels;
        if (channels.Count > 10)
        {
            failures.Add(Key + "Channels must name at most 10 channels.");
        }

        foreach (var (name, perHour) in channels)
        {
            if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                failures.Add($"{Key}Channels:{name} must be named with 1 to 64 ASCII letters, digits, '-' or '_'.");
            }

            OptionRanges.Check(failures, Key, "Channels:" + name, perHour, 0, 100_000, exclusiveMin: true);
        }

        if (Agents is < 1 or > 500)
        {
            failures.Add(Key + "Agents must be between 1 and 500.");
        }

        if (MaxSessionsPerAgent is < 1 or > 20)
        {
            failures.Add(Key + "MaxSessionsPerAgent must be between 1 and 20.");
        }

        OptionRanges.Check(failures, Key, "MeanPickUpSeconds", MeanPickUpSeconds, 0, 3600);
        OptionRanges.Check(failures, Key, "MeanFirstReplySeconds", MeanFirstReplySeconds, 1, 3600);
        OptionRanges.Check(failures, Key, "MeanExchanges", MeanExchanges, 0, 50);
        OptionRanges.Check(failures, Key, "MeanReplySeconds", MeanReplySeconds, 1, 3600);
        OptionRanges.Check(failures, Key, "MeanPatienceSeconds", MeanPatienceSeconds, 1, 7200);
        OptionRanges.Check(failures, Key, "ResolvedShare", ResolvedShare, 0, 1);
        OptionRanges.Check(failures, Key, "CsatShare", CsatShare, 0, 1);
        OptionRanges.Check(failures, Key, "FailedShare", FailedShare, 0, 1);
        OptionRanges.Check(failures, Key, "SpeedFactor", SpeedFactor, 0.1, 1000);
        if (WarmStartMinutes is < 0 or > 120)
        {
            failures.Add(Key + "WarmStartMinutes must be between 0 and 120.");
        }

    }
}
