using Dashboard.Catalogue;
using System.Globalization;
using System.Text.Json;

namespace Dashboard.Webhooks;

/// <summary>
/// Maps one LiveKit webhook event (https://docs.livekit.io/home/server/webhooks/, the <c>WebhookEvent</c> message of
/// livekit/protocol in protobuf JSON: <c>event</c>, <c>id</c>, <c>createdAt</c>, <c>room</c>, <c>participant</c>) to
/// catalogue events (docs/events.md §2). A room is a call; its <c>callId</c> is the room's <c>sid</c>, or its <c>name</c>
/// when the sid is absent.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>room_started</c> → <c>call.started</c> <c>{callId, direction}</c>, the direction configured for the API key.</item>
/// <item><c>participant_joined</c> when <c>room.numParticipants</c> ≥ 2 → <c>call.answered</c> <c>{callId, agentId:
/// participant.identity}</c>. LiveKit counts the joiner in <c>numParticipants</c> (livekit-server <c>Room.Join</c>), so
/// 1 (or absent: protobuf JSON omits zero) is the first participant, the caller, and emits nothing.</item>
/// <item><c>room_finished</c> → <c>call.ended</c> <c>{callId, outcome: completed, durationSeconds}</c>, the duration
/// being <c>createdAt</c> − <c>room.creationTime</c> when both are present.</item>
/// <item><c>participant_left</c> and every other event → nothing (acknowledged).</item>
/// </list>
/// Each event's CloudEvents <c>id</c> is the webhook's <c>id</c> and its time <c>createdAt</c> (arrival when absent), so
/// LiveKit's retries are duplicates. Timestamps are Unix seconds; protobuf JSON writes 64-bit integers as strings, so
/// both strings and numbers are read.
/// </remarks>
internal static class LiveKitEventMapper
{
    /// <summary>The CloudEvents <c>source</c> of a key's events: <c>urn:livekit:{apiKey}</c>.</summary>
    public static string Source(string apiKey) => "urn:livekit:" + apiKey;

    /// <summary>
    /// Adds the webhook's events (none for events without a catalogue meaning) to <paramref name="events"/>; returns
    /// null, or why the body is malformed (<c>400</c>).
    /// </summary>
    public static string? Map(JsonElement root, string apiKey, LiveKitKeyOptions key, DateTimeOffset arrival, WebhookEventFactory events)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The body must be a JSON object (a LiveKit WebhookEvent).";
        }

        if (Text(root, "event") is not { Length: > 0 } kind)
        {
            return "event is required: a string such as room_started.";
        }

        if (Text(root, "id") is not { Length: > 0 } id)
        {
            return "id is required: the webhook event's unique id.";
        }

        if (!TryUnixSeconds(root, "createdAt", out var createdAt))
        {
            return "createdAt must be Unix seconds.";
        }

        if (kind is not ("room_started" or "room_finished" or "participant_joined"))
        {
            return null;
        }

        var room = root.TryGetProperty("room", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        if (room.ValueKind != JsonValueKind.Object || (Text(room, "sid") ?? Text(room, "name")) is not { Length: > 0 } callId)
        {
            return "room with a sid or name is required.";
        }

        if (!TryUnixSeconds(room, "creationTime", out var roomCreated))
        {
            return "room.creationTime must be Unix seconds.";
        }

        var source = Source(apiKey);
        var time = createdAt ?? arrival;
        switch (kind)
        {
            case "room_started":
                events.Add(id, source, EventTypes.CallStarted, callId, createdAt ?? roomCreated ?? arrival, new StartedData(callId, key.Direction));
                break;
            case "room_finished":
                double? duration = roomCreated is { } created && createdAt is { } ended && ended >= created ? (ended - created).TotalSeconds : null;
                events.Add(id, source, EventTypes.CallEnded, callId, time, new EndedData(callId, CallOutcomes.Completed, duration));
                break;
            default:
                var participant = root.TryGetProperty("participant", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                if (participant.ValueKind != JsonValueKind.Object)
                {
                    return "participant is required for participant_joined.";
                }

                var count = room.TryGetProperty("numParticipants", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var c) ? c : 0;
                if (count >= 2)
                {
                    events.Add(id, source, EventTypes.CallAnswered, callId, time, new AnsweredData(callId, NonEmpty(Text(participant, "identity"))));
                }

                break;
        }

        return null;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    // Absent, null, 0 and "0" are all "not given" (protobuf JSON omits default values); anything else must be seconds.
    private static bool TryUnixSeconds(JsonElement obj, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        long seconds = 0;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out seconds),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds),
            _ => false,
        };
        if (!parsed || seconds is < 0 or > 253402300799)
        {
            return false;
        }

        time = seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private sealed record StartedData(string CallId, string Direction);

    private sealed record AnsweredData(string CallId, string? AgentId);

    private sealed record EndedData(string CallId, string Outcome, double? DurationSeconds);
}
