namespace Dashboard.Calls;

/// <summary><c>GET /api/v1/calls/recent</c>: at most <c>limit</c> ended calls, newest end first.</summary>
public sealed record RecentCallsReport(IReadOnlyList<RecentCall> Calls, DateTime ComputedAt);

/// <summary>One ended call, as <c>GET /api/v1/calls/recent</c> lists it (times UTC; null where no event said).</summary>
/// <param name="CallId">The call's id.</param>
/// <param name="CampaignId">Its campaign, null for a call outside any campaign.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>.</param>
/// <param name="Queue">The queue it waited in.</param>
/// <param name="AgentId">The agent who handled it.</param>
/// <param name="StartedAt">Earliest <c>call.started</c>.</param>
/// <param name="AnsweredAt">Earliest <c>call.answered</c>.</param>
/// <param name="EndedAt">The first <c>call.ended</c>.</param>
/// <param name="Outcome">Its outcome (docs/events.md §2).</param>
/// <param name="DurationSeconds">The producer's duration, else end minus start; null when neither is known.</param>
public sealed record RecentCall(
    string CallId,
    string? CampaignId,
    string? Direction,
    string? Queue,
    string? AgentId,
    DateTime? StartedAt,
    DateTime? AnsweredAt,
    DateTime EndedAt,
    string? Outcome,
    double? DurationSeconds);
