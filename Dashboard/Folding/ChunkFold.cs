using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Catalogue;
using Dashboard.Queues;
using Dashboard.Rollups;

namespace Dashboard.Folding;

/// <summary>
/// Applies one chunk of events, in their (txid, seq) order, to the calls and agents they mention, and derives the
/// campaign and hourly roll-up deltas. Pure: the caller loads the rows beforehand and writes the result back in the
/// transaction that moves the watermark.
/// </summary>
internal sealed class ChunkFold
{
    private readonly Dictionary<(string Tenant, string CallId), CallRow> _before;
    private readonly Dictionary<(string Tenant, string CallId), CallRow> _after = [];
    private readonly Dictionary<(string Tenant, string AgentId), AgentRow> _agentsBefore;
    private readonly Dictionary<(string Tenant, string AgentId), AgentRow> _agentsAfter = [];
    private readonly Dictionary<(string Tenant, string CampaignId), CampaignDelta> _campaigns = [];
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);

    /// <param name="stored">The stored rows of (at least) every call the chunk mentions.</param>
    /// <param name="agents">The stored rows of (at least) every agent the chunk mentions.</param>
    public ChunkFold(IEnumerable<CallRow> stored, IEnumerable<AgentRow>? agents = null)
    {
        _before = stored.ToDictionary(c => (c.Tenant, c.CallId));
        _agentsBefore = (agents ?? []).ToDictionary(a => (a.Tenant, a.AgentId));
    }

    /// <summary>Tenants whose state this chunk touched.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>The chunk's hourly roll-up deltas: agent time as it applies, call and queue counters after <see cref="Complete"/>.</summary>
    public HourlyRollup Rollup { get; } = new();

    /// <summary>The agents a chunk of these events needs loaded: every status change's, and every answering agent's.</summary>
    public static IReadOnlyCollection<(string Tenant, string AgentId)> AgentKeys(IEnumerable<CallEvent> calls, IEnumerable<AgentStatusEvent> agents) =>
        calls.Where(c => c.Type == EventTypes.CallAnswered && c.AgentId is not null).Select(c => (c.Tenant, c.AgentId!))
            .Concat(agents.Select(a => (a.Tenant, a.AgentId)))
            .ToHashSet();

    /// <summary>Applies one call event.</summary>
    public void Apply(CallEvent e)
    {
        var key = (e.Tenant, e.CallId);
        if (!_after.TryGetValue(key, out var current))
        {
            current = _before.GetValueOrDefault(key) ?? CallRow.Empty(e.Tenant, e.CallId);
        }

        var next = current.Apply(e);
        _after[key] = next;
        _tenants.Add(e.Tenant);

        // The answering agent's next after-call work belongs to this call's queue; after a call with no queue (an
        // outbound one) it belongs to none, so it counts for occupancy but not for any queue's AHT.
        if (e.Type == EventTypes.CallAnswered && e.AgentId is { } agentId
            && Agent(e.Tenant, agentId) is { } agent && agent.LastQueue != next.Queue)
        {
            _agentsAfter[(e.Tenant, agentId)] = agent with { LastQueue = next.Queue };
        }
    }

    /// <summary>Applies one <c>agent.status_changed</c>, accounting the status interval it closes.</summary>
    public void Apply(AgentStatusEvent e)
    {
        var key = (e.Tenant, e.AgentId);
        _tenants.Add(e.Tenant);
        if (Agent(e.Tenant, e.AgentId) is not { } current)
        {
            _agentsAfter[key] = AgentRow.From(e);
            return;
        }

        var (next, closed) = current.Apply(e);
        _agentsAfter[key] = next;
        if (closed is not { } interval)
        {
            return;
        }

        Rollup.AddAgentTime(e.Tenant, e.AgentId, interval);
        if (interval.Status == AgentStatus.AfterCallWork && current.LastQueue is { } queue)
        {
            var seconds = Math.Min((interval.To - interval.From).TotalSeconds, HourlyRollup.MaxAgentInterval.TotalSeconds);
            Rollup.AddAfterCallWork(e.Tenant, queue, interval.From, seconds);
        }
    }

    /// <summary>Applies one <c>campaign.updated</c>.</summary>
    public void Apply(CampaignInfoEvent e)
    {
        Campaign(e.Tenant, e.CampaignId).ApplyInfo(e);
        _tenants.Add(e.Tenant);
    }

    /// <summary>
    /// Finishes the chunk: the calls and agents whose row changed, and per campaign the counter deltas (after minus
    /// before) plus any <c>campaign.updated</c> fields. Every campaign a changed call belongs to is included, so its row
    /// exists. Adds the changed calls' hourly deltas to <see cref="Rollup"/>.
    /// </summary>
    public ChunkChanges Complete()
    {
        var changed = new List<CallRow>();
        foreach (var (key, after) in _after)
        {
            var before = _before.GetValueOrDefault(key);
            if (after == before)
            {
                continue;
            }

            changed.Add(after);
            if (before is not null)
            {
                Rollup.AddCall(before, -1);
                if (before.CampaignId is { } beforeCampaign)
                {
                    Campaign(before.Tenant, beforeCampaign).AddCall(before, -1);
                }
            }

            Rollup.AddCall(after, +1);
            if (after.CampaignId is { } afterCampaign)
            {
                Campaign(after.Tenant, afterCampaign).AddCall(after, +1);
            }
        }

        var agents = _agentsAfter.Where(kv => !kv.Value.Equals(_agentsBefore.GetValueOrDefault(kv.Key))).Select(kv => kv.Value).ToList();
        return new ChunkChanges(changed, _campaigns.Values.ToList(), agents);
    }

    private AgentRow? Agent(string tenant, string agentId) =>
        _agentsAfter.GetValueOrDefault((tenant, agentId)) ?? _agentsBefore.GetValueOrDefault((tenant, agentId));

    private CampaignDelta Campaign(string tenant, string campaignId)
    {
        if (!_campaigns.TryGetValue((tenant, campaignId), out var delta))
        {
            delta = new CampaignDelta(tenant, campaignId);
            _campaigns[(tenant, campaignId)] = delta;
        }

        return delta;
    }
}
