using Dashboard.Chat;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;

namespace Dashboard.Pages.ChatView;

/// <summary>
/// What the Chat page, the Wallboard's chat view and the Overview's chat cards show before their scripts connect: the
/// hub's newest <c>chat_update</c> snapshot of the tenant (docs/pages.md, "Chat"). The scripts then read
/// <c>GET /api/v1/chat</c> and follow topic <c>chat</c>; without a snapshot on this node the first view is placeholders.
/// </summary>
internal sealed class ChatFirstView
{
    /// <summary>Nothing published for the tenant on this node.</summary>
    public static ChatFirstView None { get; } = new();

    /// <summary>The newest payload, or null.</summary>
    public ChatUpdate? Update { get; private init; }

    /// <summary>True when <see cref="Update"/> has anything to show (see <see cref="HasData"/>).</summary>
    public bool HasChatData => Update is { } u && HasData(u);

    /// <summary>The payload's <c>computedAt</c> (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt => Update is null ? null : Display.Iso(Update.ComputedAt);

    /// <summary>The snapshot's envelope as JSON (or <c>null</c>), safe inside <c>&lt;script type="application/json"&gt;</c>.</summary>
    public string EnvelopeJson { get; private init; } = SnapshotEnvelope.NoEnvelope;

    /// <summary>
    /// The empty domain of docs/pages.md: no session counted (waiting, active, closed today), no message and no CSAT
    /// response today, and no agent. Twin of <c>hasChatData</c> in <c>wwwroot/js/chat-view.js</c>.
    /// </summary>
    public static bool HasData(ChatUpdate u) =>
        u.Sessions.Active + u.Sessions.Waiting + u.Sessions.ClosedToday + u.Sessions.ResolvedToday > 0
        || u.Messages.Today > 0 || u.Csat.Responses > 0 || u.Agents.Count > 0;

    /// <summary>The newest <c>chat</c> snapshot of <paramref name="tenant"/> on this node.</summary>
    public static ChatFirstView Load(RealtimeHub hub, string tenant)
    {
        var (update, envelopeJson) = SnapshotEnvelope.Load<ChatUpdate>(hub, tenant, Topics.Chat);
        return envelopeJson == SnapshotEnvelope.NoEnvelope ? None : new ChatFirstView { Update = update, EnvelopeJson = envelopeJson };
    }

    /// <summary>
    /// Seconds a session waiting since <paramref name="startedAt"/> has waited at <paramref name="now"/>: never below its
    /// wait at <c>computedAt</c> (a clock behind the server's), as <c>chat-view.js</c> ticks it.
    /// </summary>
    public double WaitSeconds(DateTime startedAt, DateTime now)
    {
        var at = Update?.ComputedAt ?? now;
        var waited = Math.Max(0, (at - startedAt).TotalSeconds);
        return waited + Math.Max(0, (now - at).TotalSeconds);
    }

    /// <summary>The longest wait at <paramref name="now"/>: the oldest waiting session's, else the payload's value; null when nobody waits.</summary>
    public double? LongestWaitSeconds(DateTime now) =>
        Update is not { } u ? null
        : u.WaitingSessions.Count > 0 ? WaitSeconds(u.WaitingSessions[0].StartedAt, now)
        : u.LongestWaitSeconds;
}
