using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>One message about events a request just committed.</summary>
/// <param name="Topic">The topic, relative to the tenant.</param>
/// <param name="Type">The message type.</param>
/// <param name="Data">The message's data (serialised once by the publisher).</param>
/// <param name="About">What it carries, for the log: an event type, <c>activity</c>, <c>notification</c>.</param>
internal readonly record struct CommittedMessage(string Topic, string Type, object Data, string About);

/// <summary>
/// Publishes the live messages of a request's committed events that the backplane sequences after the commit — a large
/// request's coalesced activity message and its notifications, whose ids the insert assigns — and waits until this node's subscribers have
/// them queued, but at most <c>Ingestion:LivePublishWaitMilliseconds</c>: while the database is unreachable the backplane
/// keeps retrying in the background (the messages arrive, in order, once it is back), but the request that committed
/// them must not wait for that (docs/outage.md). The call events', agent status changes' and small requests' activity
/// messages are committed with the events themselves (<see cref="LiveEventPublisher"/>); the same bounded wait covers
/// their local delivery.
/// </summary>
internal sealed partial class CommittedMessagePublisher(
    RealtimePublisher publisher, IOptionsMonitor<IngestionOptions> options, TimeProvider time, ILogger<CommittedMessagePublisher> logger)
{
    /// <summary>
    /// The messages of a feed's new entries (<paramref name="entries"/>, oldest first): one per entry up to
    /// <paramref name="maxSingles"/>, else one list of the newest <paramref name="maxListed"/>, newest first, made by
    /// <paramref name="list"/> with the number of entries (a batch would flood every client with one message per entry).
    /// </summary>
    public static IEnumerable<object> Coalesce<T>(IReadOnlyList<T> entries, int maxSingles, int maxListed, Func<List<T>, int, object> list) =>
        entries.Count <= maxSingles
            ? entries.Select(e => (object)e!)
            : [list(entries.Skip(Math.Max(0, entries.Count - maxListed)).Reverse().ToList(), entries.Count)];

    /// <summary>
    /// Queues <paramref name="messages"/> in order (one backplane batch), then waits as the type's summary says. Never throws
    /// but for <paramref name="ct"/>; a message that fails is logged, and the topic's next snapshot heals the live view.
    /// </summary>
    public async Task PublishAsync(string tenant, IReadOnlyList<CommittedMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0)
        {
            return;
        }

        // All queued before any is awaited. Not the request's token: once queued the message is published whatever becomes
        // of the request, and its outcome is logged below.
        await WaitAsync(
            tenant,
            [.. messages.Select(m => (m.About, m.Topic, publisher.PublishAsync(tenant, m.Topic, m.Type, m.Data, isSnapshot: false, CancellationToken.None)))],
            ct);
    }

    /// <summary>
    /// Waits for messages already on their way (<paramref name="published"/>: what each carries, for the log, its topic,
    /// and the task that completes once it is applied on this node), as <see cref="PublishAsync"/> waits for its own: at
    /// most <c>Ingestion:LivePublishWaitMilliseconds</c>. Never throws but for <paramref name="ct"/>; a message that fails
    /// is logged (a refusal is counted by the publisher instead), and the topic's next snapshot heals the live view.
    /// </summary>
    public async Task WaitAsync(string tenant, IReadOnlyList<(string About, string Topic, Task<long> Applied)> published, CancellationToken ct)
    {
        if (published.Count == 0)
        {
            return;
        }

        var observed = published.Select(p => ObserveAsync(tenant, p.About, p.Topic, p.Applied)).ToList();
        var wait = TimeSpan.FromMilliseconds(options.CurrentValue.LivePublishWaitMilliseconds);
        try
        {
            await Task.WhenAll(observed).WaitAsync(wait, time, ct);
        }
        catch (TimeoutException)
        {
            LogStillPublishing(tenant, observed.Count(t => !t.IsCompleted), wait.TotalMilliseconds);
        }
    }

    // Completes when the message is applied locally or has failed for good; never faults, so nothing goes unobserved
    // when the request has stopped waiting.
    private async Task ObserveAsync(string tenant, string about, string topic, Task<long> publish)
    {
        try
        {
            await publish;
        }
        catch (RealtimeMessageRejectedException)
        {
            // Refused before the database (too large, its stream backing off, the backlog full): PublishGuard counted it
            // and logs once per stream, so one line per message here would only flood the log.
        }
        catch (Exception ex)
        {
            // PublishAsync fails a message at once when the host is stopping, and later when the database refuses it. The
            // events are committed and the client is owed its 202; the topic's snapshots heal the live view.
            LogPublishFailed(ex, about, tenant, topic);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a committed {About} message of tenant {Tenant} to topic {Topic} failed; the topic's next snapshot heals the live view")]
    private partial void LogPublishFailed(Exception ex, string about, string tenant, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pending} live messages of tenant {Tenant} not yet published after {WaitMilliseconds} ms; answering the request, publishing continues in the background")]
    private partial void LogStillPublishing(string tenant, int pending, double waitMilliseconds);
}
