namespace Dashboard.Simulation;

/// <summary>One event the simulator produced: a CloudEvent's <c>id</c>, <c>type</c>, <c>subject</c>, <c>time</c> and <c>data</c>.</summary>
/// <param name="Id">Unique per run (the run id is part of it, so a restart never collides with stored events).</param>
/// <param name="Type">CloudEvents type from docs/events.md §2, e.g. <c>call.started</c>.</param>
/// <param name="Subject">The call or campaign id the event is about.</param>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Data">One of the <c>*Data</c> records below; serialised camelCase as the event's <c>data</c>.</param>
internal sealed record SimulatedEvent(string Id, string Type, string Subject, DateTimeOffset Time, object Data);

/// <summary><c>call.started</c> data.</summary>
internal sealed record CallStartedData(string CallId, string Direction, string CampaignId, string From, string To);

/// <summary><c>call.started</c> data of an inbound call: <paramref name="Direction"/> is <c>inbound</c>, <paramref name="Queue"/> the queue it rings.</summary>
internal sealed record InboundCallStartedData(string CallId, string Direction, string Queue);

/// <summary><c>call.queued</c> data: the caller waits in <paramref name="Queue"/> for an agent.</summary>
internal sealed record CallQueuedData(string CallId, string Queue);

/// <summary>
/// <c>agent.status_changed</c> data; <paramref name="Status"/> is one of <see cref="Catalogue.EventTypes.AgentStatuses"/>,
/// <paramref name="Queues"/> the queues the agent serves.
/// </summary>
internal sealed record AgentStatusData(string AgentId, string Name, string Status, IReadOnlyList<string> Queues);

/// <summary><c>call.answered</c> data.</summary>
internal sealed record CallAnsweredData(string CallId, string AgentId);

/// <summary>
/// <c>call.ended</c> data; <paramref name="DurationSeconds"/> is the connected (talk) time, 0 for an outbound call never
/// answered, and for an <c>abandoned</c> inbound call the seconds the caller waited before hanging up.
/// </summary>
internal sealed record CallEndedData(string CallId, string Outcome, double DurationSeconds);

/// <summary><c>campaign.updated</c> data; <paramref name="QueueDepth"/> is the contacts still to dial.</summary>
internal sealed record CampaignUpdatedData(string CampaignId, string Name, string Status, int QueueDepth);
