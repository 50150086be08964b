namespace Dashboard.Campaigns;

/// <summary>
/// Topic <c>campaigns</c>, type <c>campaigns_update</c> (snapshot): the tenant's campaigns by id, at most
/// <c>Payloads:MaxCampaigns</c> (default 500); <c>campaignCount</c> is the true number and <c>truncated</c> says the list
/// stops short of it. Equality compares the campaigns element by element (a record compares a list by reference).
/// </summary>
public sealed record CampaignsUpdate(IReadOnlyList<CampaignMetricsUpdate> Campaigns, DateTime ComputedAt)
{
    /// <summary>Every campaign of the tenant (the list may stop short of it); defaults to the list's length.</summary>
    public int CampaignCount
    {
        get => field < Campaigns.Count ? Campaigns.Count : field;
        init;
    }

    /// <summary>True when <see cref="Campaigns"/> lists fewer than <see cref="CampaignCount"/>.</summary>
    public bool Truncated => CampaignCount > Campaigns.Count;

    /// <inheritdoc />
    public bool Equals(CampaignsUpdate? other) =>
        other is not null && ComputedAt == other.ComputedAt && CampaignCount == other.CampaignCount && Campaigns.SequenceEqual(other.Campaigns);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Campaigns.Count, ComputedAt);
}
