using Dashboard.Catalogue;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// Publishes newly committed events that clients watch as they happen, in request order: call events as
/// <c>call_event</c> on <c>calls</c>, agent status changes as <c>agent_status_changed</c> on <c>agents</c>.
/// </summary>
internal sealed partial class LiveEventPublisher(
    RealtimePublisher publisher, IOptionsMonitor<IngestionOptions> options, TimeProvider time, ILogger<LiveEventPublisher> logger)
{
    /// <summary>The message type of call events.</summary>
    public const string MessageType = "call_event";

    /// <summary>The message type of agent status changes.</summary>
    public const string AgentStatusMessageType = "agent_status_changed";

    /// <summary>
    /// Queues <paramref name="events"/>[i] for publishing when <paramref name="stored"/>[i] and it is a call event or an
    /// agent status change, in order, then waits until this node's subscribers have them queued, but at most
    /// <c>Ingestion:LivePublishWaitMilliseconds</c>: while the database is unreachable the backplane keeps retrying in the
    /// background (and the messages arrive, in order, once it is back), but the request that committed them must not wait
    /// for that (docs/outage.md). Never throws but for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, bool[] stored, CancellationToken cancellationToken)
    {
        List<Task>? published = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var live = !stored[i] ? null
                : EventCatalogue.IsCallEvent(e.Type) ? (Topics.Calls, MessageType, (object)ToData(e))
                : e.Type == EventTypes.AgentStatusChanged ? (Topics.Agents, AgentStatusMessageType, ToAgentData(e))
                : ((string Topic, string Type, object Data)?)null;
            if (live is not { } message)
            {
                continue;
            }

            // All queued before any is awaited: one backplane batch, in request order. Not the request's token: once
            // queued the message is published whatever becomes of the request, and its outcome is logged below.
            (published ??= []).Add(ObserveAsync(tenant, e.Type, publisher.PublishAsync(tenant, message.Topic, message.Type, message.Data, isSnapshot: false, CancellationToken.None)));
        }

        if (published is null)
        {
            return;
        }

        var wait = TimeSpan.FromMilliseconds(options.CurrentValue.LivePublishWaitMilliseconds);
        try
        {
            await Task.WhenAll(published).WaitAsync(wait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogStillPublishing(tenant, published.Count(t => !t.IsCompleted), wait.TotalMilliseconds);
        }
    }

    // Completes when the message is applied locally or has failed for good; never faults, so nothing goes unobserved
    // when the request has stopped waiting.
    private async Task ObserveAsync(string tenant, string eventType, Task<long> publish)
    {
        try
        {
            await publish;
        }
        catch (RealtimeMessageRejectedException)
        {
            // Refused before the database (too large, its stream backing off, the backlog full): PublishGuard counted it
            // and logs once per stream, so one line per event here would only flood the log.
        }
        catch (Exception ex)
        {
            // PublishAsync fails a message at once when the host is stopping, and later when the database refuses it. The events
            // are committed and the client is owed its 202; the interval snapshots heal the live view.
            LogPublishFailed(ex, eventType, tenant);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a committed {EventType} event of tenant {Tenant} to its live topic failed")]
    private partial void LogPublishFailed(Exception ex, string eventType, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pending} live messages of tenant {Tenant} not yet published after {WaitMilliseconds} ms; answering the request, publishing continues in the background")]
    private partial void LogStillPublishing(string tenant, int pending, double waitMilliseconds);
}
