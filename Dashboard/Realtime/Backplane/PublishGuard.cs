using Dashboard.Hosting;
using Dashboard.Observability;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Keeps a stream whose message the database refused (or that was too large) from being retried at full speed: the
/// stream's next messages of the same type are rejected at once for a back-off that starts at 1 s and doubles to 5 min,
/// and the stream is logged once per failing run, not once per message. A message of that type that gets through clears
/// the state. Keyed by (tenant, topic, message type), so an oversize <c>active_calls_update</c> never holds back the
/// <c>call_event</c>s of the same topic, nor do they clear its back-off.
/// </summary>
internal sealed partial class PublishGuard(ResilienceMetrics metrics, TimeProvider time, ILogger<PublishGuard> logger)
{
    private readonly FailureBackOff<(string Tenant, string Topic, string Type)> _failing = new(time);
    private long _lastBacklogLogTicks = long.MinValue / 2;

    /// <summary>The exception to fail a message with when its stream is backing off now (counted), else null.</summary>
    public RealtimeMessageRejectedException? Check(string tenant, string topic, string type)
    {
        if (!_failing.IsBackingOff((tenant, topic, type)))
        {
            return null;
        }

        metrics.MessageRejected("backoff");
        return BackingOff(tenant, topic, type);
    }

    /// <summary>
    /// As <see cref="Check"/>, but not counted yet: <see cref="Rejected"/> counts it once the caller knows the message
    /// would have been published (ingestion prepares a message before knowing whether its event is a duplicate).
    /// </summary>
    public RealtimeMessageRejectedException? Peek(string tenant, string topic, string type) =>
        _failing.IsBackingOff((tenant, topic, type)) ? BackingOff(tenant, topic, type) : null;

    /// <summary>
    /// Counts the refusal of a prepared message (<see cref="PreparedMessage.Refusal"/>) as publishing it would have:
    /// <c>too_large</c> through <see cref="Refused"/> (logged, backs the stream off), <c>backoff</c> counted; a
    /// serialiser's exception is not counted (the caller logs it). Returns the refusal.
    /// </summary>
    /// <exception cref="ArgumentException">The message was not refused.</exception>
    public Exception Rejected(PreparedMessage message)
    {
        switch (message.Refusal)
        {
            case null:
                throw new ArgumentException("The message was not refused.", nameof(message));
            case RealtimeMessageRejectedException { Reason: "too_large" }:
                Refused(message.Tenant, message.Topic, message.Type, "too_large", null, message.Bytes);
                break;
            case RealtimeMessageRejectedException { Reason: "backoff" }:
                metrics.MessageRejected("backoff");
                break;
        }

        return message.Refusal;
    }

    /// <summary>Records a refusal (<c>too_large</c> or <c>refused</c>): counts it, logs the stream's first, backs the stream off.</summary>
    public void Refused(string tenant, string topic, string type, string reason, Exception? cause, long bytes)
    {
        metrics.MessageRejected(reason);
        if (_failing.Failed((tenant, topic, type)))
        {
            LogRefused(cause, tenant, topic, type, reason, bytes);
        }
    }

    /// <summary>
    /// A message refused because <paramref name="maxPending"/> messages already wait for the database: counted
    /// (<c>reason="backlog"</c>) and logged at most once a minute.
    /// </summary>
    public RealtimeMessageRejectedException Backlogged(int maxPending)
    {
        metrics.MessageRejected("backlog");
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastBacklogLogTicks);
        if (now - last >= TimeSpan.TicksPerMinute && Interlocked.CompareExchange(ref _lastBacklogLogTicks, now, last) == last)
        {
            LogBacklogged(maxPending);
        }

        return new RealtimeMessageRejectedException("backlog", $"{maxPending} realtime messages already wait for the database.");
    }

    private static RealtimeMessageRejectedException BackingOff(string tenant, string topic, string type) =>
        new("backoff", $"{type} messages of stream {topic} of tenant {tenant} are backing off after a refused one.");

    /// <summary>Records a message of the stream that got through.</summary>
    public void Published(string tenant, string topic, string type) => _failing.Succeeded((tenant, topic, type));

    [LoggerMessage(Level = LogLevel.Error, Message = "{MaxPending} realtime messages wait for the database; new ones are refused until the backplane catches up")]
    private partial void LogBacklogged(int maxPending);

    [LoggerMessage(Level = LogLevel.Error, Message = "A realtime {Type} message of tenant {Tenant}, topic {Topic} was not published ({Reason}, {Bytes} bytes); the stream backs off and is logged again only after it publishes")]
    private partial void LogRefused(Exception? ex, string tenant, string topic, string type, string reason, long bytes);
}
