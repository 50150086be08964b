namespace Dashboard.Catalogue;

/// <summary>The <c>status</c> values of <c>agent.status_changed</c> (docs/events.md §2), as the ACD reports them.</summary>
internal static class AgentStatus
{
    /// <summary><c>available</c>: logged in and idle, the queue may route a caller to the agent.</summary>
    public const string Available = "available";

    /// <summary><c>on_call</c>: talking to a caller.</summary>
    public const string OnCall = "on_call";

    /// <summary><c>after_call_work</c>: wrap-up after a call (notes, dispositions); not routable.</summary>
    public const string AfterCallWork = "after_call_work";

    /// <summary><c>busy</c>: logged in but not ready (break, meeting, training; "aux" in Avaya terms).</summary>
    public const string Busy = "busy";

    /// <summary><c>offline</c>: logged out.</summary>
    public const string Offline = "offline";
}
