using Dashboard.Catalogue;
using Dashboard.Ingestion;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>
/// Summaries of the chat and support events (docs/activity.md, "Chat"): sessions with their channel, agent and waits,
/// messages, delivery statuses and CSAT. Each call also teaches <see cref="ActivityContext"/> what the event says.
/// </summary>
internal static class ChatSummaries
{
    /// <summary>The line of a chat event; a failed message and a CSAT of 1 or 2 are warnings (docs/activity.md, "Severity").</summary>
    public static EventActivityLine Describe(CloudEvent e, ActivityContext context)
    {
        var data = e.Data;
        switch (e.Type)
        {
            case EventTypes.ChatSessionStarted:
            {
                var id = Text(data, "sessionId") ?? "";
                var channel = Text(data, "channel");
                var session = context.Session(id);
                session.Channel ??= channel;
                session.StartedAt ??= e.Time;
                return Line(id, $"Chat {id} started{(channel is null ? "" : $" on {channel}")}, waiting", ActivitySeverity.Info);
            }

            case EventTypes.ChatSessionAssigned:
            {
                var id = Text(data, "sessionId") ?? "";
                var agent = Text(data, "agentId");
                var session = context.Session(id);
                // A session assigned before is moved to another agent: the wait is over since the first assignment.
                var transfer = session.AssignedAt is not null && session.AgentId is not null && session.AgentId != agent;
                var wait = session.AssignedAt is null ? Clock(session.StartedAt, e.Time) : null;
                var summary = $"Chat {id} {(transfer ? "transferred" : "assigned")} to {context.AgentLabel(agent) ?? "an agent"}{(wait is null ? "" : $" after {wait}")}{Channel(session)}";
                session.AssignedAt ??= e.Time;
                session.AgentId = agent ?? session.AgentId;
                return Line(id, summary, ActivitySeverity.Info);
            }

            case EventTypes.ChatSessionClosed:
            {
                var id = Text(data, "sessionId") ?? "";
                var resolved = Flag(data, "resolved") == true;
                var session = context.Session(id);
                var length = Clock(session.StartedAt, e.Time);
                var agent = context.AgentLabel(session.AgentId);
                var summary = $"Chat {id} {(resolved ? "resolved" : "closed")}{(length is null ? "" : $" after {length}")}{(agent is null ? "" : $" by {agent}")}{Channel(session)}";
                return Line(id, summary, resolved ? ActivitySeverity.Success : ActivitySeverity.Info);
            }

            case EventTypes.ChatMessage:
            {
                var id = Text(data, "sessionId") ?? "";
                var session = context.Session(id);
                var sender = Text(data, "sender") == "agent" ? context.AgentLabel(session.AgentId) ?? "Agent" : "Customer";
                var kind = Text(data, "kind") switch
                {
                    "image" => "an image",
                    "file" => "a file",
                    "audio" => "an audio message",
                    "video" => "a video",
                    _ => "a message",
                };
                return Line(id, $"{sender} sent {kind} in chat {id}{Channel(session)}", ActivitySeverity.Info);
            }

            case EventTypes.ChatMessageStatus:
            {
                var id = Text(data, "messageId") ?? "";
                var status = Text(data, "status");
                var summary = status == "failed" ? $"Message {id} failed to deliver" : $"Message {id} {status}";
                return Line(id, summary, status == "failed" ? ActivitySeverity.Warning : ActivitySeverity.Info);
            }

            default:
                return Csat(e, context);
        }
    }

    // csat.submitted belongs to chat and support whether it rates a session, a call or an agent.
    private static EventActivityLine Csat(CloudEvent e, ActivityContext context)
    {
        var data = e.Data;
        var score = Number(data, "score") ?? 0;
        var sessionId = Text(data, "sessionId");
        var callId = Text(data, "callId");
        var agent = Text(data, "agentId")
            ?? (sessionId is not null && context.Sessions.TryGetValue(sessionId, out var s) ? s.AgentId : null)
            ?? (callId is not null && context.Calls.TryGetValue(callId, out var c) ? c.AgentId : null);
        var about = sessionId is not null ? $" for chat {sessionId}" : callId is not null ? $" for call {callId}" : "";
        var label = context.AgentLabel(agent);
        var summary = $"CSAT {Number(score)}/5{about}{(label is null ? "" : $" ({label})")}";
        var severity = score <= 2 ? ActivitySeverity.Warning : score >= 4 ? ActivitySeverity.Success : ActivitySeverity.Info;
        return new(ActivityDomains.Chat, sessionId ?? callId ?? agent, summary, severity);
    }

    private static string Channel(SessionContext session) => session.Channel is null ? "" : $" ({session.Channel})";

    private static EventActivityLine Line(string subject, string summary, string severity) =>
        new(ActivityDomains.Chat, subject.Length == 0 ? null : subject, summary, severity);
}
