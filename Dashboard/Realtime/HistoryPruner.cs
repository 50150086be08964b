using Dashboard.Realtime.Backplane;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Realtime;

/// <summary>
/// Every half <c>Realtime:HistoryTtl</c> (at most once a minute): runs <see cref="RealtimeHub.PruneHistory"/> and prunes
/// the backplane's log to the same bounds. Every node prunes; deleting what another node already deleted is harmless.
/// </summary>
internal sealed partial class HistoryPruner(
    RealtimeHub hub,
    BackplaneStore store,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<HistoryPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var period = TimeSpan.FromTicks(Math.Min(o.HistoryTtl.Ticks / 2, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                hub.PruneHistory();
                try
                {
                    await store.PruneAsync(time.GetUtcNow() - o.HistoryTtl, o.HistorySize, stoppingToken);
                }
                catch (NpgsqlException ex)
                {
                    // Next period tries again; the log only grows meanwhile.
                    LogPruneFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the realtime backplane log failed")]
    private partial void LogPruneFailed(Exception ex);
}
