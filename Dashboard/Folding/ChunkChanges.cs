using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Queues;

namespace Dashboard.Folding;

/// <summary>The rows one chunk changed.</summary>
internal sealed record ChunkChanges(IReadOnlyList<CallRow> Calls, IReadOnlyList<CampaignDelta> Campaigns, IReadOnlyList<AgentRow> Agents);
