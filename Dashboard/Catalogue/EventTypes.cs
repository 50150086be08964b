using System.Collections.Frozen;

namespace Dashboard.Catalogue;

/// <summary>
/// The CloudEvents <c>type</c> values of docs/events.md (the event catalogue): the one vocabulary shared by ingestion
/// (validation), the recurring jobs (folding) and the simulator (producing).
/// </summary>
internal static class EventTypes
{
    /// <summary><c>{callId, direction: inbound|outbound, campaignId?, queue?, agentId?, from?, to?}</c>.</summary>
    public const string CallStarted = "call.started";

    /// <summary><c>{callId, queue}</c>: a caller waits for an agent.</summary>
    public const string CallQueued = "call.queued";

    /// <summary><c>{callId, agentId?}</c>.</summary>
    public const string CallAnswered = "call.answered";

    /// <summary><c>{callId, outcome, durationSeconds?}</c>; <c>outcome</c> is one of <see cref="CallOutcomes.All"/>.</summary>
    public const string CallEnded = "call.ended";

    /// <summary><c>{campaignId, name?, status?: active|paused|completed, queueDepth?}</c>.</summary>
    public const string CampaignUpdated = "campaign.updated";

    /// <summary><c>{agentId, name?, status, queues?}</c>.</summary>
    public const string AgentStatusChanged = "agent.status_changed";

    /// <summary><c>{sessionId, channel?}</c>: a customer starts a chat and waits (docs/events.md §3).</summary>
    public const string ChatSessionStarted = "chat.session_started";

    /// <summary><c>{sessionId, agentId}</c>: an agent takes the session (again for a transfer).</summary>
    public const string ChatSessionAssigned = "chat.session_assigned";

    /// <summary><c>{sessionId, resolved?}</c>.</summary>
    public const string ChatSessionClosed = "chat.session_closed";

    /// <summary><c>{sessionId, messageId, kind, sender}</c>.</summary>
    public const string ChatMessage = "chat.message";

    /// <summary><c>{messageId, status}</c>.</summary>
    public const string ChatMessageStatus = "chat.message_status";

    /// <summary><c>{score: 1..5, sessionId?, callId?, agentId?}</c>.</summary>
    public const string CsatSubmitted = "csat.submitted";

    /// <summary><c>{transactionId, amount, currency, status}</c>: a transaction's status as of the event's time (docs/events.md §4).</summary>
    public const string TransactionUpdated = "transaction.updated";

    /// <summary><c>{userId}</c>: a user is on the site or app.</summary>
    public const string UserActive = "user.active";

    /// <summary><c>{contentId, userId?}</c>.</summary>
    public const string ContentViewed = "content.viewed";

    /// <summary><c>{contentId, amount?, currency?}</c>.</summary>
    public const string ContentPurchased = "content.purchased";

    /// <summary>Every type of the catalogue, voice, chat, commerce and custom.</summary>
    public static readonly FrozenSet<string> All = new[]
    {
        CallStarted, CallQueued, CallAnswered, CallEnded, CampaignUpdated, AgentStatusChanged,
        ChatSessionStarted, ChatSessionAssigned, ChatSessionClosed, ChatMessage, ChatMessageStatus,
        CsatSubmitted, TransactionUpdated, UserActive, ContentViewed, ContentPurchased,
        "metric.reported", "notification.created",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Statuses of <c>campaign.updated</c>.</summary>
    public static readonly IReadOnlyList<string> CampaignStatuses = ["active", "paused", "completed"];

    /// <summary>Directions of <c>call.started</c>.</summary>
    public static readonly IReadOnlyList<string> Directions = ["inbound", "outbound"];

    /// <summary>
    /// Statuses of <c>agent.status_changed</c> (docs/events.md §2): <c>available</c> (idle, ready for a call), <c>on_call</c>
    /// (talking), <c>after_call_work</c> (wrap-up), <c>busy</c> (logged in, not ready: break, meeting), <c>offline</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> AgentStatuses = [AgentStatus.Available, AgentStatus.OnCall, AgentStatus.AfterCallWork, AgentStatus.Busy, AgentStatus.Offline];

    /// <summary>Kinds of <c>chat.message</c>.</summary>
    public static readonly IReadOnlyList<string> MessageKinds = ["text", "image", "file", "audio", "video"];

    /// <summary>Senders of <c>chat.message</c>.</summary>
    public static readonly IReadOnlyList<string> MessageSenders = ["customer", "agent"];

    /// <summary>
    /// Statuses of <c>chat.message_status</c>, in delivery order: at equal event times the later one wins
    /// (docs/events.md §3).
    /// </summary>
    public static readonly IReadOnlyList<string> MessageStatuses = ["sent", "delivered", "read", "failed"];

    /// <summary>
    /// Statuses of <c>transaction.updated</c>, in the order that breaks a tie of event times (docs/events.md §4): a later
    /// stage wins, so a <c>refunded</c> and a <c>completed</c> at the same instant leave the transaction refunded.
    /// </summary>
    public static readonly IReadOnlyList<string> TransactionStatuses = ["pending", "failed", "completed", "refunded"];
}
