using Microsoft.Extensions.Options;

namespace Dashboard.Realtime;

/// <summary>Runs <see cref="RealtimeHub.PruneHistory"/> every half <c>Realtime:HistoryTtl</c> (at most once a minute).</summary>
internal sealed class HistoryPruner(RealtimeHub hub, IOptions<RealtimeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Min(options.Value.HistoryTtl.Ticks / 2, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(period < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                hub.PruneHistory();
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
