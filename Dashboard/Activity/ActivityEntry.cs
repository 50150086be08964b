namespace Dashboard.Activity;

/// <summary>
/// One line of the activity feed (docs/activity.md): the data of a live <c>activity</c> message, and an item of the
/// topic's snapshot, of a coalesced message and of <c>GET /api/v1/activity</c>. Clients key entries by
/// (<see cref="Source"/>, <see cref="EventId"/>).
/// </summary>
/// <param name="EventId">The event's CloudEvents <c>id</c>.</param>
/// <param name="Source">The event's <c>source</c>.</param>
/// <param name="Type">The event type, e.g. <c>call.answered</c>.</param>
/// <param name="Domain"><c>voice</c>, <c>chat</c>, <c>commerce</c>, <c>kpi</c> or <c>notification</c> (<see cref="ActivityDomains"/>).</param>
/// <param name="Subject">What it is about: the call, session, message, transaction, user, content, agent, campaign or KPI series; null when nothing. At most 200 characters.</param>
/// <param name="Summary">Human text, at most 200 characters (docs/activity.md lists it per type).</param>
/// <param name="Severity"><c>info</c>, <c>success</c>, <c>warning</c> or <c>error</c> (<see cref="ActivitySeverity"/>).</param>
/// <param name="Time">The event's time (UTC).</param>
internal sealed record ActivityEntry(
    string EventId, string Source, string Type, string Domain, string? Subject, string Summary, string Severity, DateTimeOffset Time);

/// <summary>
/// A list of entries: <c>{items, count}</c>. Snapshot and REST: the newest first, <see cref="Count"/> = items listed.
/// Coalesced live message: the request's newest 200 at most, <see cref="Count"/> = every new event of the request.
/// </summary>
/// <param name="Items">Entries, newest first.</param>
/// <param name="Count">See the type's summary.</param>
internal sealed record ActivityList(IReadOnlyList<ActivityEntry> Items, int Count);

/// <summary>The wire names of the activity feed (docs/protocol.md §5).</summary>
internal static class ActivityMessages
{
    /// <summary>The message type of every activity message: one entry, a coalesced list or the snapshot.</summary>
    public const string Type = "activity";

    /// <summary>Entries in the snapshot, a coalesced message and at most in a REST answer.</summary>
    public const int MaxItems = 200;

    /// <summary>The most characters of <see cref="ActivityEntry.Summary"/> and <see cref="ActivityEntry.Subject"/>.</summary>
    public const int MaxTextLength = 200;
}

/// <summary>The severities of an entry, from least to most pressing.</summary>
internal static class ActivitySeverity
{
    /// <summary>Something happened.</summary>
    public const string Info = "info";

    /// <summary>A good outcome: an answered call, a sale, a resolved chat, a high CSAT.</summary>
    public const string Success = "success";

    /// <summary>A bad outcome someone may want to look at: a failed or abandoned call, a failed payment or message, a low CSAT.</summary>
    public const string Warning = "warning";

    /// <summary>Only a producer's <c>notification.created</c> with severity error.</summary>
    public const string Error = "error";

    /// <summary>Every severity.</summary>
    public static readonly IReadOnlyList<string> All = [Info, Success, Warning, Error];
}

/// <summary>The domains an event type belongs to.</summary>
internal static class ActivityDomains
{
    /// <summary>call.*, campaign.updated, agent.status_changed.</summary>
    public const string Voice = "voice";

    /// <summary>chat.*, csat.submitted.</summary>
    public const string Chat = "chat";

    /// <summary>transaction.updated, user.active, content.*.</summary>
    public const string Commerce = "commerce";

    /// <summary>metric.reported.</summary>
    public const string Kpi = "kpi";

    /// <summary>notification.created.</summary>
    public const string Notification = "notification";

    /// <summary>Every domain.</summary>
    public static readonly IReadOnlyList<string> All = [Voice, Chat, Commerce, Kpi, Notification];
}
