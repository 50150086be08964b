using Dashboard.Calls;
using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Kpis;
using Dashboard.Queues;

namespace Dashboard.Folding;

/// <summary>
/// One stored event as the fold reads it: its identity (for the dead-letter table) and, when it is a type the fold
/// uses, its parsed form. <see cref="ParseError"/> is set when the stored row could not be parsed (a row stored before
/// a validation rule existed); such a row is dead-lettered without being applied.
/// </summary>
internal sealed record FoldRow(
    ulong Txid,
    long Seq,
    string Tenant,
    string Source,
    string EventId,
    string Type,
    CallEvent? Call = null,
    CampaignInfoEvent? Campaign = null,
    AgentStatusEvent? Agent = null,
    ChatEvent? Chat = null,
    CommerceEvent? Commerce = null,
    KpiEvent? Kpi = null,
    string? ParseError = null);
