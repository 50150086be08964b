namespace Dashboard.Simulation;

/// <summary><c>chat.session_started</c> data; <paramref name="Channel"/> is the configured channel name (<c>web</c>, <c>whatsapp</c>…).</summary>
internal sealed record ChatSessionStartedData(string SessionId, string Channel);

/// <summary><c>chat.session_assigned</c> data.</summary>
internal sealed record ChatSessionAssignedData(string SessionId, string AgentId);

/// <summary>
/// <c>chat.session_closed</c> data; <paramref name="Resolved"/> is always sent: false for a session the customer left
/// before any agent took it, and for the share of handled sessions that end unresolved.
/// </summary>
internal sealed record ChatSessionClosedData(string SessionId, bool Resolved);

/// <summary>
/// <c>chat.message</c> data; <paramref name="Kind"/> one of <c>text</c>, <c>image</c>, <c>file</c>, <c>audio</c>,
/// <c>video</c>; <paramref name="Sender"/> <c>customer</c> or <c>agent</c>.
/// </summary>
internal sealed record ChatMessageData(string SessionId, string MessageId, string Kind, string Sender);

/// <summary><c>chat.message_status</c> data; <paramref name="Status"/> one of <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>failed</c>.</summary>
internal sealed record ChatMessageStatusData(string MessageId, string Status);

/// <summary><c>csat.submitted</c> data: a score 1..5 for a closed session and the agent who handled it.</summary>
internal sealed record CsatSubmittedData(int Score, string SessionId, string AgentId);
