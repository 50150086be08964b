using Dashboard.Observability;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Keeps a stream whose message the database refused (or that was too large) from being retried at full speed: the
/// stream's next messages are rejected at once for a back-off that starts at 1 s and doubles to 5 min, and the stream is
/// logged once per failing run, not once per message. A message that gets through clears the stream's state.
/// </summary>
internal sealed partial class PublishGuard(ResilienceMetrics metrics, TimeProvider time, ILogger<PublishGuard> logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Topic), (DateTimeOffset Until, TimeSpan Delay)> _failing = [];

    /// <summary>The exception to fail a message with when its stream is backing off now, else null.</summary>
    public RealtimeMessageRejectedException? Check(string tenant, string topic)
    {
        lock (_gate)
        {
            if (_failing.Count == 0 || !_failing.TryGetValue((tenant, topic), out var state) || time.GetUtcNow() >= state.Until)
            {
                return null;
            }
        }

        metrics.MessageRejected("backoff");
        return new RealtimeMessageRejectedException("backoff", $"Stream {topic} of tenant {tenant} is backing off after a refused message.");
    }

    /// <summary>Records a refusal (<c>too_large</c> or <c>refused</c>): counts it, logs the stream's first, backs the stream off.</summary>
    public void Refused(string tenant, string topic, string reason, Exception? cause, long bytes)
    {
        metrics.MessageRejected(reason);
        bool first;
        lock (_gate)
        {
            first = !_failing.TryGetValue((tenant, topic), out var state);
            var delay = first ? FirstDelay : TimeSpan.FromTicks(Math.Min(state.Delay.Ticks * 2, MaxDelay.Ticks));
            _failing[(tenant, topic)] = (time.GetUtcNow() + delay, delay);
        }

        if (first)
        {
            LogRefused(cause, tenant, topic, reason, bytes);
        }
    }

    /// <summary>Records a message of the stream that got through.</summary>
    public void Published(string tenant, string topic)
    {
        lock (_gate)
        {
            if (_failing.Count > 0)
            {
                _failing.Remove((tenant, topic));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A realtime message of tenant {Tenant}, topic {Topic} was not published ({Reason}, {Bytes} bytes); the stream backs off and is logged again only after it publishes")]
    private partial void LogRefused(Exception? ex, string tenant, string topic, string reason, long bytes);
}
