using Dashboard.Catalogue;
using Dashboard.Ingestion;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>
/// Summaries of the voice and campaign events (docs/activity.md, "Voice"): calls with their queue, agent and waits,
/// campaigns, agent statuses. Each call also teaches <see cref="ActivityContext"/> what the event says, for the later
/// events of the same request.
/// </summary>
internal static class VoiceSummaries
{
    /// <summary>The line of a voice event; <c>call.ended</c> failed/abandoned is a warning (docs/activity.md, "Severity").</summary>
    public static EventActivityLine Describe(CloudEvent e, ActivityContext context)
    {
        var data = e.Data;
        switch (e.Type)
        {
            case EventTypes.CallStarted:
                return CallStarted(e, context);
            case EventTypes.CallQueued:
            {
                var id = Text(data, "callId") ?? "";
                var queue = Text(data, "queue");
                var call = context.Call(id);
                call.Queue = queue ?? call.Queue;
                call.QueuedAt ??= e.Time;
                return Line(id, $"Call {id} queued{In(queue)}", ActivitySeverity.Info);
            }

            case EventTypes.CallAnswered:
            {
                var id = Text(data, "callId") ?? "";
                var call = context.Call(id);
                var agent = Text(data, "agentId") ?? call.AgentId;
                var wait = Clock(call.QueuedAt ?? call.StartedAt, e.Time);
                var summary = $"Call {id} answered{By(context.AgentLabel(agent))}{After(wait)}{In(call.Queue)}";
                call.AgentId = agent;
                call.AnsweredAt ??= e.Time;
                return Line(id, summary, ActivitySeverity.Success);
            }

            case EventTypes.CallEnded:
                return CallEnded(e, context);
            case EventTypes.CampaignUpdated:
            {
                var id = Text(data, "campaignId") ?? "";
                var name = Text(data, "name");
                var status = Text(data, "status");
                var depth = Number(data, "queueDepth");
                var who = name is null ? $"Campaign {id}" : $"Campaign {name} ({id})";
                var what = (status, depth) switch
                {
                    (null, null) => " updated",
                    (null, { } d) => $": {Number(d)} contacts to dial",
                    ({ } s, null) => $" {s}",
                    ({ } s, { } d) => $" {s}, {Number(d)} contacts to dial",
                };
                return Line(id, who + what, status == "completed" ? ActivitySeverity.Success : ActivitySeverity.Info);
            }

            default:
            {
                var id = Text(data, "agentId") ?? "";
                var name = Text(data, "name") ?? (context.AgentNames.TryGetValue(id, out var known) ? known : null);
                if (name is not null)
                {
                    context.AgentNames[id] = name;
                }

                var who = name is null ? $"Agent {id}" : $"{name} ({id})";
                var status = Text(data, "status") switch
                {
                    AgentStatus.Available => "is available",
                    AgentStatus.OnCall => "is on a call",
                    AgentStatus.AfterCallWork => "is in after-call work",
                    AgentStatus.Busy => "is busy",
                    AgentStatus.Offline => "went offline",
                    var other => $"is {other}",
                };
                return Line(id, $"{who} {status}", ActivitySeverity.Info);
            }
        }
    }

    private static EventActivityLine CallStarted(CloudEvent e, ActivityContext context)
    {
        var data = e.Data;
        var id = Text(data, "callId") ?? "";
        var queue = Text(data, "queue");
        var agent = Text(data, "agentId");
        var campaign = Text(data, "campaignId");
        var direction = Text(data, "direction") switch
        {
            "inbound" => "Inbound call",
            "outbound" => "Outbound call",
            _ => "Call",
        };
        var call = context.Call(id);
        call.Queue ??= queue;
        call.AgentId ??= agent;
        call.StartedAt ??= e.Time;
        var summary = $"{direction} {id} started{In(queue)}{(agent is null ? "" : $" with {context.AgentLabel(agent)}")}{(campaign is null ? "" : $" for campaign {campaign}")}";
        return Line(id, summary, ActivitySeverity.Info);
    }

    private static EventActivityLine CallEnded(CloudEvent e, ActivityContext context)
    {
        var data = e.Data;
        var id = Text(data, "callId") ?? "";
        var outcome = Text(data, "outcome");
        var call = context.Call(id);
        // The talk time the producer sent; else from the answer known; an abandoned call's figure is how long it waited.
        var duration = Number(data, "durationSeconds") is { } seconds && seconds > 0 ? Clock(TimeSpan.FromSeconds(seconds))
            : outcome == "abandoned" ? Clock(call.QueuedAt ?? call.StartedAt, e.Time)
            : Clock(call.AnsweredAt, e.Time);
        var what = outcome switch
        {
            "completed" => "completed",
            "converted" => "converted",
            "failed" => "failed",
            "abandoned" => "abandoned",
            "busy" => "ended busy",
            "no_answer" => "not answered",
            "opted_out" => "ended: opted out",
            "voicemail" => "went to voicemail",
            "canceled" => "canceled",
            _ => "ended",
        };
        var agent = outcome == "abandoned" ? null : context.AgentLabel(call.AgentId);
        var summary = $"Call {id} {what}{After(duration)}{(agent is null ? "" : $" with {agent}")}{In(call.Queue)}";
        var severity = outcome switch
        {
            "failed" or "abandoned" => ActivitySeverity.Warning,
            "completed" or "converted" => ActivitySeverity.Success,
            _ => ActivitySeverity.Info,
        };
        return Line(id, summary, severity);
    }

    private static string In(string? queue) => queue is null ? "" : $" in {queue}";

    private static string By(string? agent) => agent is null ? "" : $" by {agent}";

    private static string After(string? clock) => clock is null ? "" : $" after {clock}";

    private static EventActivityLine Line(string subject, string summary, string severity) =>
        new(ActivityDomains.Voice, subject.Length == 0 ? null : subject, summary, severity);
}
