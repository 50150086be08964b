using Dashboard.Hosting;
using Dashboard.Observability;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;

namespace Dashboard.Ingestion;

/// <summary>
/// Group commit: requests that arrive while earlier inserts are in flight share one statement and one commit, so 1,000
/// single-event POSTs per second cost tens of commits (and WAL flushes), not 1,000. A request alone on an idle server is
/// written at once: nothing waits for a timer. Each request is still stored all or nothing, and its answer still comes
/// only after the commit that holds it (docs/protocol.md §7).
/// </summary>
/// <remarks>
/// At most <see cref="MaxWriters"/> statements are in flight; a writer takes every queued request (up to
/// <c>Ingestion:GroupCommitMaxEvents</c> events) in arrival order, so rows get their seq in that order. When PostgreSQL
/// refuses a value in a shared statement, each of its requests is retried alone, so only the request carrying the value
/// fails. <c>Ingestion:GroupCommitMaxEvents</c> = 0 commits every request on its own.
/// </remarks>
internal sealed partial class EventCommitQueue(EventStore store, IOptions<IngestionOptions> options, IngestionMetrics metrics, ILogger<EventCommitQueue> logger)
{
    /// <summary>Statements in flight at most: enough to keep a commit's WAL flush from idling the CPU, few enough to share.</summary>
    public static readonly int MaxWriters = Math.Clamp(Environment.ProcessorCount, 2, 8);

    private readonly ConcurrentQueue<Pending> _pending = new();
    private readonly int _maxEvents = options.Value.GroupCommitMaxEvents;
    private int _writers;

    /// <summary>Requests waiting for a writer now (diagnostics and tests).</summary>
    public int Queued => _pending.Count;

    /// <summary>
    /// Stores <paramref name="events"/> (no (source, id) repeated) for <paramref name="tenant"/>, sharing a commit with
    /// concurrent requests when it can, without activity lines (tests and tools; ingestion passes them). Returns, per event,
    /// whether it was newly stored.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">The database is unreachable; the events may or may not be stored.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL refused a value of these events; nothing of them was stored.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired; the events may still be stored.</exception>
    public async Task<bool[]> InsertAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct) =>
        (await InsertAsync(new EventInsert(tenant, events), ct)).IsNew;

    /// <summary>
    /// Stores the events of <paramref name="insert"/> (no (source, id) repeated), sharing a commit with concurrent requests
    /// when it can, with their activity lines and notifications (one per event each, written in the same statement for the
    /// events newly stored; null: none). Returns, per event, whether it was newly stored and its notification's id.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">The database is unreachable; the events may or may not be stored.</exception>
    /// <exception cref="EventsRejectedByStorageException">PostgreSQL refused a value of these events; nothing of them was stored.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> fired; the events may still be stored.</exception>
    public async Task<StoredEvents> InsertAsync(EventInsert insert, CancellationToken ct)
    {
        if (_maxEvents == 0)
        {
            metrics.CommitShared(1);
            return (await store.InsertStoredAsync([insert], ct))[0];
        }

        var pending = new Pending(insert, ct);
        _pending.Enqueue(pending);
        if (TryReserveWriter())
        {
            // Runs beside the request rather than inside it, so this request's answer never waits for other requests' commits.
            _ = Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        return await pending.Completion.Task.WaitAsync(ct);
    }

    private bool TryReserveWriter()
    {
        var writers = Volatile.Read(ref _writers);
        while (writers < MaxWriters)
        {
            var seen = Interlocked.CompareExchange(ref _writers, writers + 1, writers);
            if (seen == writers)
            {
                return true;
            }

            writers = seen;
        }

        return false;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        while (true)
        {
            Take(batch);
            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref _writers);

                // A request queued after Take saw the queue empty may have found every writer slot taken and started none.
                if (_pending.IsEmpty || !TryReserveWriter())
                {
                    return;
                }

                continue;
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private void Take(List<Pending> batch)
    {
        var events = 0;
        while (_pending.TryPeek(out var next) && (batch.Count == 0 || events + next.Insert.Events.Count <= _maxEvents) && _pending.TryDequeue(out var item))
        {
            if (item.Token.IsCancellationRequested)
            {
                // Its request has already answered (or its client gone): nothing waits for these events any more.
                item.Completion.TrySetCanceled(item.Token);
                continue;
            }

            batch.Add(item);
            events += item.Insert.Events.Count;
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            // Not any one request's token: the statement carries other requests too (Npgsql's command timeout bounds it).
            var stored = await store.InsertStoredAsync([.. batch.Select(p => p.Insert)], CancellationToken.None);
            metrics.CommitShared(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(stored[i]);
            }
        }
        catch (EventsRejectedByStorageException) when (batch.Count > 1)
        {
            LogSplit(batch.Count);
            foreach (var item in batch)
            {
                await WriteAsync([item]);
            }
        }
        catch (Exception ex)
        {
            foreach (var item in batch)
            {
                item.Completion.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL refused a value in a statement shared by {Requests} ingestion requests; retrying each alone")]
    private partial void LogSplit(int requests);

    private sealed class Pending(EventInsert insert, CancellationToken token)
    {
        public EventInsert Insert { get; } = insert;

        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<StoredEvents> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
