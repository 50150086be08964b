namespace Dashboard.Activity;

/// <summary>
/// What the summaries of one request may say beyond each event's own data (docs/activity.md, "Context"): the state
/// already folded (read by <see cref="ActivityContextReader"/> in one query) and then, event by event, what the earlier
/// events of the same request said. Nothing here is authoritative; a missing piece only makes a summary shorter.
/// </summary>
internal sealed class ActivityContext
{
    /// <summary>Calls by id.</summary>
    public Dictionary<string, CallContext> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Agent display names by agent id.</summary>
    public Dictionary<string, string> AgentNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat sessions by id.</summary>
    public Dictionary<string, SessionContext> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>The call's context, created empty when unknown.</summary>
    public CallContext Call(string id) => Calls.TryGetValue(id, out var c) ? c : Calls[id] = new CallContext();

    /// <summary>The session's context, created empty when unknown.</summary>
    public SessionContext Session(string id) => Sessions.TryGetValue(id, out var s) ? s : Sessions[id] = new SessionContext();

    /// <summary>The agent's name when known, else its id; null for a null id.</summary>
    public string? AgentLabel(string? agentId) =>
        agentId is null ? null : AgentNames.TryGetValue(agentId, out var name) ? name : agentId;
}

/// <summary>What is known of a call: queue, when it was queued, started and answered, and by whom.</summary>
internal sealed class CallContext
{
    /// <summary>Queue (call.queued or call.started's queue).</summary>
    public string? Queue { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The agent on the call.</summary>
    public string? AgentId { get; set; }
}

/// <summary>What is known of a chat session: channel, start, first assignment and its agent.</summary>
internal sealed class SessionContext
{
    /// <summary>Channel it arrived on.</summary>
    public string? Channel { get; set; }

    /// <summary>Earliest start.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>First assignment (a later one is a transfer).</summary>
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>The agent it is assigned to.</summary>
    public string? AgentId { get; set; }
}
