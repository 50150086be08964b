using Dashboard.Catalogue;

namespace Dashboard.Chat;

/// <summary>
/// Applies one fold chunk's chat and CSAT events to the sessions and messages they mention. Pure: the caller loads the
/// stored rows first (<see cref="ChatStore"/>) and writes <see cref="Complete"/>'s result back in the transaction that
/// moves the fold's watermark, so each event is applied exactly once.
/// </summary>
internal sealed class ChatChunk
{
    private readonly Dictionary<(string Tenant, string SessionId), ChatSessionRow> _sessionsBefore;
    private readonly Dictionary<(string Tenant, string MessageId), ChatMessageRow> _messagesBefore;
    private readonly Dictionary<(string Tenant, string SessionId), ChatSessionRow> _sessions = [];
    private readonly Dictionary<(string Tenant, string MessageId), ChatMessageRow> _messages = [];
    private readonly List<ChatEvent> _csat = [];
    private readonly HashSet<string> _tenants = new(StringComparer.Ordinal);

    /// <param name="sessions">The stored rows of (at least) every session the chunk mentions.</param>
    /// <param name="messages">The stored rows of (at least) every message the chunk mentions.</param>
    public ChatChunk(IEnumerable<ChatSessionRow> sessions, IEnumerable<ChatMessageRow> messages)
    {
        _sessionsBefore = sessions.ToDictionary(s => (s.Tenant, s.SessionId));
        _messagesBefore = messages.ToDictionary(m => (m.Tenant, m.MessageId));
    }

    /// <summary>Tenants whose chat state this chunk touched.</summary>
    public IReadOnlyCollection<string> Tenants => _tenants;

    /// <summary>The sessions a chunk of these events needs loaded: every session event's and every agent message's.</summary>
    public static IReadOnlyCollection<(string Tenant, string SessionId)> SessionKeys(IEnumerable<ChatEvent> events) =>
        events.Where(e => e.SessionId is not null && TouchesSession(e)).Select(e => (e.Tenant, e.SessionId!)).ToHashSet();

    /// <summary>The messages a chunk of these events needs loaded.</summary>
    public static IReadOnlyCollection<(string Tenant, string MessageId)> MessageKeys(IEnumerable<ChatEvent> events) =>
        events.Where(e => e.MessageId is not null).Select(e => (e.Tenant, e.MessageId!)).ToHashSet();

    /// <summary>Applies one event.</summary>
    public void Apply(ChatEvent e)
    {
        _tenants.Add(e.Tenant);
        if (e.Type == EventTypes.CsatSubmitted)
        {
            _csat.Add(e);
            return;
        }

        if (e.SessionId is { } sessionId && TouchesSession(e))
        {
            var key = (e.Tenant, sessionId);
            var current = _sessions.GetValueOrDefault(key) ?? _sessionsBefore.GetValueOrDefault(key) ?? new ChatSessionRow(e.Tenant, sessionId);
            _sessions[key] = current.Apply(e);
        }

        if (e.MessageId is { } messageId)
        {
            var key = (e.Tenant, messageId);
            var current = _messages.GetValueOrDefault(key) ?? _messagesBefore.GetValueOrDefault(key) ?? new ChatMessageRow(e.Tenant, messageId);
            _messages[key] = current.Apply(e);
        }
    }

    /// <summary>
    /// The rows that changed, the CSAT responses, and the <c>chat_message_hourly</c> deltas: a message whose bucket moved
    /// (a new status, or its <c>chat.message</c> arriving after a status) counts −1 in its old bucket and +1 in its new one.
    /// </summary>
    public ChatChanges Complete()
    {
        var sessions = _sessions.Where(kv => kv.Value != _sessionsBefore.GetValueOrDefault(kv.Key)).Select(kv => kv.Value).ToList();
        var messages = new List<ChatMessageRow>();
        var hourly = new Dictionary<(string Tenant, DateTime Hour, string Sender, string Kind, string Status), long>();
        foreach (var (key, after) in _messages)
        {
            var before = _messagesBefore.GetValueOrDefault(key);
            if (after == before)
            {
                continue;
            }

            messages.Add(after);
            if (before?.Bucket is { } old)
            {
                Add(hourly, (after.Tenant, old.Hour, old.Sender, old.Kind, old.Status), -1);
            }

            if (after.Bucket is { } now)
            {
                Add(hourly, (after.Tenant, now.Hour, now.Sender, now.Kind, now.Status), +1);
            }
        }

        var deltas = hourly.Where(kv => kv.Value != 0).Select(kv => new ChatHourDelta(kv.Key.Tenant, kv.Key.Hour, kv.Key.Sender, kv.Key.Kind, kv.Key.Status, kv.Value)).ToList();
        return new ChatChanges(sessions, messages, deltas, _csat);
    }

    // A customer's message changes nothing on the session row (only an agent's first reply does).
    private static bool TouchesSession(ChatEvent e) =>
        e.Type is EventTypes.ChatSessionStarted or EventTypes.ChatSessionAssigned or EventTypes.ChatSessionClosed
        || (e.Type == EventTypes.ChatMessage && e.Sender == "agent");

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key, long delta) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + delta;
}

/// <summary>What one chunk changed in the chat tables.</summary>
/// <param name="Sessions">Sessions whose row changed (complete new state).</param>
/// <param name="Messages">Messages whose row changed (complete new state).</param>
/// <param name="Hourly">Non-zero deltas of <c>chat_message_hourly</c>.</param>
/// <param name="Csat">The chunk's <c>csat.submitted</c> events.</param>
internal sealed record ChatChanges(
    IReadOnlyList<ChatSessionRow> Sessions, IReadOnlyList<ChatMessageRow> Messages, IReadOnlyList<ChatHourDelta> Hourly, IReadOnlyList<ChatEvent> Csat);

/// <summary>A change of one <c>chat_message_hourly</c> counter.</summary>
internal sealed record ChatHourDelta(string Tenant, DateTime Hour, string Sender, string Kind, string Status, long Messages);
