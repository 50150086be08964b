using Dashboard.Calls;
using Dashboard.Catalogue;
namespace Dashboard.Campaigns;

/// <summary>
/// What one fold chunk changes on one campaign row: counter deltas (added to the stored counters) and the newest
/// <c>campaign.updated</c> fields.
/// </summary>
/// <remarks>
/// Counters are derived from each call's state before and after the chunk (<see cref="AddCall"/>), never from the events
/// themselves: a call contributes one attempt once it has started with a campaign, one answer once it has an answer
/// time, and one outcome once it has ended, whatever order and however many times its events arrived. Outcomes count
/// only once the campaign is known, so a <c>call.ended</c> folded before its <c>call.started</c> is attributed when the
/// start arrives. <c>answered</c> counts calls with a <c>call.answered</c> only: a <c>converted</c> outcome without one is
/// a conversion, not an answer (the dialer reports both when both happened), so conversionRate may exceed 1 for a
/// producer that never sends <c>call.answered</c>.
/// </remarks>
internal sealed class CampaignDelta(string tenant, string campaignId)
{
    public string Tenant { get; } = tenant;

    public string CampaignId { get; } = campaignId;

    public long Attempts { get; private set; }

    public long Answered { get; private set; }

    /// <summary>Deltas per <see cref="CallOutcomes.All"/> slot.</summary>
    public long[] Outcomes { get; } = new long[CallOutcomes.All.Count];

    /// <summary>Latest attempt start seen in the chunk.</summary>
    public DateTime? LastAttemptAt { get; private set; }

    /// <summary>Event time of the newest <c>campaign.updated</c> applied, null when none.</summary>
    public DateTime? InfoTime { get; private set; }

    public string? Name { get; private set; }

    public string? Status { get; private set; }

    public int? QueueDepth { get; private set; }

    /// <summary>Adds the call's contribution as <paramref name="sign"/> (+1 after the chunk, -1 before it).</summary>
    public void AddCall(CallRow call, int sign)
    {
        if (call.StartedAt is { } started)
        {
            Attempts += sign;
            if (sign > 0 && (LastAttemptAt is null || started > LastAttemptAt))
            {
                LastAttemptAt = started;
            }
        }

        if (call.AnsweredAt is not null)
        {
            Answered += sign;
        }

        var slot = call.EndedAt is null ? -1 : CallOutcomes.IndexOf(call.Outcome);
        if (slot >= 0)
        {
            Outcomes[slot] += sign;
        }
    }

    /// <summary>
    /// Applies a <c>campaign.updated</c>: a newer event (by event time) replaces the fields it carries; an older one only
    /// fills fields nothing has set. The upsert applies the same rule against the stored row.
    /// </summary>
    public void ApplyInfo(CampaignInfoEvent e)
    {
        if (InfoTime is null || e.Time >= InfoTime)
        {
            Name = e.Name ?? Name;
            Status = e.Status ?? Status;
            QueueDepth = e.QueueDepth ?? QueueDepth;
            InfoTime = e.Time;
        }
        else
        {
            Name ??= e.Name;
            Status ??= e.Status;
            QueueDepth ??= e.QueueDepth;
        }
    }
}
