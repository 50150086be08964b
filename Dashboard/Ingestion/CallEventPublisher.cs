using Dashboard.Catalogue;
using System.Text.Json;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;

namespace Dashboard.Ingestion;

/// <summary>
/// The <c>data</c> of a <c>call_event</c> message on the <c>calls</c> topic (PROTOCOL.md §5, team contract): every member
/// is always written, absent ones as <c>null</c>.
/// </summary>
/// <param name="Event"><c>call_started</c>, <c>call_answered</c> or <c>call_ended</c>.</param>
/// <param name="CallId">The call.</param>
/// <param name="CampaignId">From <c>call.started</c>.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>, from <c>call.started</c>.</param>
/// <param name="AgentId">From <c>call.started</c> or <c>call.answered</c>.</param>
/// <param name="Outcome">From <c>call.ended</c>.</param>
/// <param name="DurationSeconds">From <c>call.ended</c>, seconds.</param>
/// <param name="Time">The event's time, ISO 8601 UTC with milliseconds.</param>
internal sealed record CallEventData(
    string Event, string CallId, string? CampaignId, string? Direction, string? AgentId, string? Outcome, double? DurationSeconds, string Time);

/// <summary>Publishes newly committed call events to the hub's <c>calls</c> topic, in request order.</summary>
internal sealed partial class CallEventPublisher(RealtimePublisher publisher, ILogger<CallEventPublisher> logger)
{
    /// <summary>The hub message type.</summary>
    public const string MessageType = "call_event";

    /// <summary>
    /// Publishes <paramref name="events"/>[i] when <paramref name="stored"/>[i] and it is a call event, in order, and waits
    /// until this node's subscribers have them queued. Never throws but for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, bool[] stored, CancellationToken cancellationToken)
    {
        List<(string Type, Task Published)>? published = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (!stored[i] || !EventCatalogue.IsCallEvent(events[i].Type))
            {
                continue;
            }

            // All queued before any is awaited: one backplane batch, in request order. PublishAsync throws at once when
            // the host is stopping; the events are committed all the same.
            Task task;
            try
            {
                task = publisher.PublishAsync(tenant, Topics.Calls, MessageType, ToData(events[i]), isSnapshot: false, cancellationToken);
            }
            catch (Exception ex)
            {
                task = Task.FromException(ex);
            }

            (published ??= []).Add((events[i].Type, task));
        }

        foreach (var (type, task) in published ?? [])
        {
            try
            {
                await task;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The events are committed and the client is owed its 202; the 1 s active-calls snapshot heals the live view.
                LogPublishFailed(ex, type);
            }
        }
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

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a committed {EventType} event to the calls topic failed")]
    private partial void LogPublishFailed(Exception ex, string eventType);
}
