using Dashboard.Catalogue;
using Dashboard.Realtime;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// Publishes newly committed events that clients watch as they happen, in request order: call events as
/// <c>call_event</c> on <c>calls</c>, agent status changes as <c>agent_status_changed</c> on <c>agents</c>.
/// </summary>
internal sealed class LiveEventPublisher(CommittedMessagePublisher committed)
{
    /// <summary>The message type of call events.</summary>
    public const string MessageType = "call_event";

    /// <summary>The message type of agent status changes.</summary>
    public const string AgentStatusMessageType = "agent_status_changed";

    /// <summary>
    /// Publishes <paramref name="events"/>[i] when <paramref name="stored"/>[i] and it is a call event or an agent status
    /// change, in order, waiting as <see cref="CommittedMessagePublisher.PublishAsync"/> does (at most
    /// <c>Ingestion:LivePublishWaitMilliseconds</c>). Never throws but for <paramref name="cancellationToken"/>.
    /// </summary>
    public Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, bool[] stored, CancellationToken cancellationToken)
    {
        var messages = new List<CommittedMessage>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!stored[i])
            {
                continue;
            }

            if (EventCatalogue.IsCallEvent(e.Type))
            {
                messages.Add(new(Topics.Calls, MessageType, ToData(e), e.Type));
            }
            else if (e.Type == EventTypes.AgentStatusChanged)
            {
                messages.Add(new(Topics.Agents, AgentStatusMessageType, ToAgentData(e), e.Type));
            }
        }

        return committed.PublishAsync(tenant, messages, cancellationToken);
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
