using System.Threading.Channels;
using Dashboard.Observability;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Applies every node's published messages to this node's hub: LISTENs on <see cref="BackplaneStore.Channel"/> over a
/// dedicated connection and applies each notification in order, reading from the log what did not fit in it or what a
/// gap shows was missed. On every (re)connect it first catches up from the log, so a dropped connection or a restart
/// loses nothing the log still holds (<c>Realtime:HistoryTtl</c>, <c>Realtime:HistorySize</c>).
/// </summary>
/// <remarks>
/// The first connection and catch-up happen in <see cref="StartAsync"/>, before Kestrel accepts clients, so a node that
/// joins a cluster serves the streams' snapshots and history from its first request.
/// </remarks>
internal sealed partial class BackplaneListener(
    IConfiguration configuration,
    BackplaneStore store,
    RealtimeHub hub,
    IOptions<RealtimeOptions> options,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<BackplaneListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private Listening? _first;

    /// <summary>True while notifications are being received (readiness, <c>/readyz</c>).</summary>
    public bool IsListening { get; private set; }

    /// <summary>The PostgreSQL backend pid of the listening connection (diagnostics: <c>pg_stat_activity.pid</c>).</summary>
    public int ServerProcessId { get; private set; }

    /// <summary>Connects, LISTENs and catches up before the host goes on starting.</summary>
    /// <exception cref="NpgsqlException">The database is unreachable.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _first = await ConnectAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var listening = _first;
        _first = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    listening ??= await ConnectAsync(stoppingToken);
                    delay = TimeSpan.FromMilliseconds(100);
                    await RunAsync(listening, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever broke (connection, database, a bug), this node must keep trying: reconnecting catches up.
                    IsListening = false;
                    LogListenFailed(ex, delay.TotalSeconds);
                    await Task.Delay(delay, time, stoppingToken);
                    delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
                }
                finally
                {
                    if (listening is not null)
                    {
                        await listening.DisposeAsync();
                        listening = null;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
        finally
        {
            IsListening = false;
            if (listening is not null)
            {
                await listening.DisposeAsync();
            }
        }
    }

    private async Task<Listening> ConnectAsync(CancellationToken ct)
    {
        // Its own unpooled connection: a LISTEN must outlive any pooled use, and the keepalive notices a dead server
        // while the connection only waits.
        var csb = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Dashboard"))
        {
            Pooling = false,
            KeepAlive = 10,
            ApplicationName = "dashboard-backplane",
        };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        var inbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        connection.Notification += (_, e) => inbox.Writer.TryWrite(e.Payload);
        try
        {
            await connection.OpenAsync(ct);
            await using (var listen = new NpgsqlCommand($"LISTEN {BackplaneStore.Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(ct);
            }

            // After LISTEN, so whatever commits from now on is notified and whatever committed before is in the log;
            // both can hold the same message, and the hub ignores the second copy.
            var caughtUp = await CatchUpAsync(ct);
            LogListening(caughtUp);
            ServerProcessId = connection.ProcessID;
            IsListening = true;
            return new Listening(connection, inbox);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var o = options.Value;
        var applied = 0;
        await foreach (var message in store.ReadMissingAsync(hub.Positions(), time.GetUtcNow() - o.HistoryTtl, o.HistorySize, ct))
        {
            if (hub.Apply(message, acceptGap: true) != ApplyResult.Duplicate)
            {
                applied++;
            }
        }

        metrics.BackplaneMessages("applied", applied);
        return applied;
    }

    private async Task RunAsync(Listening listening, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var receive = ReceiveAsync(listening.Connection, stop.Token);
        var apply = ApplyAsync(listening.Inbox.Reader, stop.Token);

        // Either ending (connection lost, bad payload, stopping) ends both; the first failure is what is rethrown.
        var first = await Task.WhenAny(receive, apply);
        await stop.CancelAsync();
        listening.Inbox.Writer.TryComplete();
        try
        {
            await Task.WhenAll(receive, apply);
        }
        catch when (first.IsFaulted || stoppingToken.IsCancellationRequested)
        {
            // Reported through `first` below.
        }

        await first;
    }

    private static async Task ReceiveAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        while (true)
        {
            // Raises Notification (written to the inbox) and returns; throws when the connection breaks.
            await connection.WaitAsync(ct);
        }
    }

    private async Task ApplyAsync(ChannelReader<string> inbox, CancellationToken ct)
    {
        await foreach (var payload in inbox.ReadAllAsync(ct))
        {
            BackplaneNotification n;
            try
            {
                n = BackplaneNotification.Parse(payload);
            }
            catch (FormatException ex)
            {
                // Anyone with access to the database can NOTIFY this channel; a stranger's payload is not ours to apply.
                LogBadPayload(ex);
                continue;
            }

            var message = n.ToMessage()
                ?? (await store.ReadRangeAsync(n.Tenant, n.Topic, n.Seq - 1, n.Seq + 1, ct)).FirstOrDefault();
            if (message is null)
            {
                // Too big to be notified and already pruned from the log: gone for every node. Skipping it keeps the
                // stream consistent (no resume across it) and releases publishers waiting for it.
                hub.Skip(n.Tenant, n.Topic, n.Seq);
                metrics.BackplaneGap("lost");
                continue;
            }

            metrics.BackplaneMessages("applied", 1);
            if (hub.Apply(message) == ApplyResult.Gap)
            {
                await RepairAsync(message, ct);
            }
        }
    }

    // A connection drop or a pruned oversized message left seqs out: read them from the log, then apply the message.
    private async Task RepairAsync(HubMessage message, CancellationToken ct)
    {
        var lost = false;
        var current = hub.CurrentSeq(message.Tenant, message.Topic);
        foreach (var missed in await store.ReadRangeAsync(message.Tenant, message.Topic, current, message.Seq, ct))
        {
            lost |= hub.Apply(missed, acceptGap: true) == ApplyResult.AppliedAfterGap;
        }

        lost |= hub.Apply(message, acceptGap: true) == ApplyResult.AppliedAfterGap;
        metrics.BackplaneGap(lost ? "lost" : "repaired");
        if (lost)
        {
            LogGapLost(message.Tenant, message.Topic, current, message.Seq);
        }
    }

    private sealed record Listening(NpgsqlConnection Connection, Channel<string> Inbox) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime backplane listening; caught up {Count} messages from the log")]
    private partial void LogListening(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a notification on the realtime channel that is not a backplane message")]
    private partial void LogBadPayload(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime backplane connection lost; reconnecting in {DelaySeconds} s")]
    private partial void LogListenFailed(Exception ex, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime messages of tenant {Tenant}, topic {Topic} after seq {Seq} up to {Next} are no longer in the log; resumes across the gap will resync")]
    private partial void LogGapLost(string tenant, string topic, long seq, long next);
}
