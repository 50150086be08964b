using Dashboard.Catalogue;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// The live messages of events clients watch as they happen: call events as <c>call_event</c> on <c>calls</c>, agent
/// status changes as <c>agent_status_changed</c> on <c>agents</c>. They are prepared before the insert and sequenced,
/// logged and NOTIFYed by the statement that inserts the events, for exactly the rows it stores, in request order
/// (docs/architecture.md §3); after the commit this waits for this node to apply them.
/// </summary>
internal sealed class LiveEventPublisher(RealtimePublisher publisher, CommittedMessagePublisher committed)
{
    /// <summary>The message type of call events.</summary>
    public const string MessageType = "call_event";

    /// <summary>The message type of agent status changes.</summary>
    public const string AgentStatusMessageType = "agent_status_changed";

    /// <summary>
    /// The messages of <paramref name="events"/> that have one, serialised and checked (<see cref="RealtimePublisher.Prepare"/>;
    /// a refused one stays in the list, and the insert leaves it out), in order; null when none has one. Never throws.
    /// </summary>
    public List<LiveMessage>? Prepare(string tenant, IReadOnlyList<CloudEvent> events)
    {
        List<LiveMessage>? messages = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            PreparedMessage? message = null;
            if (EventCatalogue.IsCallEvent(e.Type))
            {
                message = publisher.Prepare(tenant, Topics.Calls, MessageType, ToData(e), isSnapshot: false);
            }
            else if (e.Type == EventTypes.AgentStatusChanged)
            {
                message = publisher.Prepare(tenant, Topics.Agents, AgentStatusMessageType, ToAgentData(e), isSnapshot: false);
            }

            if (message is not null)
            {
                (messages ??= []).Add(new LiveMessage(i, message));
            }
        }

        return messages;
    }

    /// <summary>
    /// After the commit: reports each of <paramref name="messages"/> (the statement's <see cref="EventInsert.Live"/>, whoever
    /// prepared them) whose event is newly stored (<see cref="RealtimePublisher.CompleteAsync"/>: counted as published, or
    /// as refused) and waits, as <see cref="CommittedMessagePublisher.WaitAsync"/> does (at most
    /// <c>Ingestion:LivePublishWaitMilliseconds</c>), until this node's subscribers have them queued. A duplicate's
    /// message was never sent and is not reported. Never throws but for <paramref name="cancellationToken"/>.
    /// </summary>
    public Task CompleteStoredAsync(
        string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<LiveMessage>? messages, StoredEvents stored, CancellationToken cancellationToken)
    {
        if (messages is null)
        {
            return Task.CompletedTask;
        }

        var published = new List<(string, string, Task<long>)>();
        for (var k = 0; k < messages.Count; k++)
        {
            var (index, message) = messages[k];
            if (stored.IsNew[index])
            {
                // Not the request's token: the message is committed, and its outcome is logged whatever becomes of the request.
                var about = message.Type == MessageType ? events[index].Type : message.Type;
                published.Add((about, message.Topic, publisher.CompleteAsync(message, stored.LiveSeqs[k], CancellationToken.None)));
            }
        }

        return committed.WaitAsync(tenant, published, cancellationToken);
    }

    /// <summary>Maps a validated call event to its message data.</summary>
    internal static CallEventData ToData(CloudEvent e)
    {
        var data = e.Data;
        return new CallEventData(
            Event: e.Type switch
            {
                EventTypes.CallStarted => "call_started",
                EventTypes.CallAnswered => "call_answered",
                _ => "call_ended",
            },
            CallId: Text(data, "callId") ?? "",
            CampaignId: Text(data, "campaignId"),
            Direction: Text(data, "direction"),
            AgentId: Text(data, "agentId"),
            Outcome: Text(data, "outcome"),
            DurationSeconds: data.TryGetProperty("durationSeconds", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : null,
            Time: HubEnvelope.FormatTimestamp(e.Time));
    }

    /// <summary>Maps a validated <c>agent.status_changed</c> event to its message data.</summary>
    internal static AgentStatusChangedData ToAgentData(CloudEvent e)
    {
        var data = e.Data;
        IReadOnlyList<string>? queues = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("queues", out var q) && q.ValueKind == JsonValueKind.Array
            ? [.. q.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;
        return new AgentStatusChangedData(Text(data, "agentId") ?? "", Text(data, "name"), Text(data, "status") ?? "", queues, HubEnvelope.FormatTimestamp(e.Time));
    }

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
