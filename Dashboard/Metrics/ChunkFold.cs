namespace Dashboard.Metrics;

/// <summary>
/// Applies one chunk of events, in their (txid, seq) order, to the calls they mention and derives the campaign deltas.
/// Pure: the caller loads the calls beforehand and writes the result back in the transaction that moves the watermark.
/// </summary>
internal sealed class ChunkFold
{
    private readonly Dictionary<(string Tenant, string CallId), CallRow> _before;
    private readonly Dictionary<(string Tenant, string CallId), CallRow> _after = [];
    private readonly Dictionary<(string Tenant, string CampaignId), CampaignDelta> _campaigns = [];
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);

    /// <param name="stored">The stored rows of (at least) every call the chunk mentions.</param>
    public ChunkFold(IEnumerable<CallRow> stored)
    {
        _before = stored.ToDictionary(c => (c.Tenant, c.CallId));
    }

    /// <summary>Tenants whose state this chunk touched.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>Applies one call event.</summary>
    public void Apply(CallEvent e)
    {
        var key = (e.Tenant, e.CallId);
        if (!_after.TryGetValue(key, out var current))
        {
            current = _before.GetValueOrDefault(key) ?? CallRow.Empty(e.Tenant, e.CallId);
        }

        _after[key] = current.Apply(e);
        _tenants.Add(e.Tenant);
    }

    /// <summary>Applies one <c>campaign.updated</c>.</summary>
    public void Apply(CampaignInfoEvent e)
    {
        Campaign(e.Tenant, e.CampaignId).ApplyInfo(e);
        _tenants.Add(e.Tenant);
    }

    /// <summary>
    /// Finishes the chunk: the calls whose row changed, and per campaign the counter deltas (after minus before) plus
    /// any <c>campaign.updated</c> fields. Every campaign a changed call belongs to is included, so its row exists.
    /// </summary>
    public (IReadOnlyList<CallRow> Calls, IReadOnlyList<CampaignDelta> Campaigns) Complete()
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
            if (before?.CampaignId is { } beforeCampaign)
            {
                Campaign(before.Tenant, beforeCampaign).AddCall(before, -1);
            }

            if (after.CampaignId is { } afterCampaign)
            {
                Campaign(after.Tenant, afterCampaign).AddCall(after, +1);
            }
        }

        return (changed, _campaigns.Values.ToList());
    }

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
