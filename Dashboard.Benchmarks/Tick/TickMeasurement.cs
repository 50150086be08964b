using Dashboard.Folding;
using Dashboard.Tick;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Diagnostics;

namespace Dashboard.Benchmarks.Tick;

/// <summary>
/// The measuring half of the tick benchmarks (<see cref="TickBenchmark"/>, <c>ChatTickBenchmark</c>): fold the seeded
/// history, refresh the planner's statistics, then time the app's own <see cref="TickRunner"/> with nothing new and
/// after a trickle of new events before each tick.
/// </summary>
internal static class TickMeasurement
{
    private const int WarmUpTicks = 5;

    /// <summary>Runs the fold until it finds nothing left; returns how long that took.</summary>
    public static async Task<TimeSpan> FoldAllAsync(IServiceProvider services, CancellationToken ct)
    {
        var fold = Stopwatch.StartNew();
        var folder = services.GetRequiredService<EventFolder>();
        while ((await folder.FoldAsync(ct)).EventsRead > 0)
        {
        }

        return fold.Elapsed;
    }

    /// <summary>
    /// After <see cref="WarmUpTicks"/> warm-up ticks (JIT, plans, connection pool; on the trickle path too, so the first
    /// size measured is not penalised), <paramref name="ticks"/> ticks with nothing new, then <paramref name="ticks"/>
    /// ticks each after <paramref name="trickle"/>; and the database's size.
    /// </summary>
    /// <param name="services">The benchmark server's container (its <see cref="TickRunner"/>).</param>
    /// <param name="dataSource">The benchmark database.</param>
    /// <param name="ticks">Ticks timed in each phase.</param>
    /// <param name="trickle">Inserts one tick's worth of new events; called with the tick's number (negative while warming up).</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<TickTimings> MeasureAsync(
        IServiceProvider services, NpgsqlDataSource dataSource, int ticks, Func<NpgsqlDataSource, int, CancellationToken, Task> trickle, CancellationToken ct)
    {
        // Fresh statistics after the bulk load, as autovacuum would give a long-running server.
        await using (var analyze = dataSource.CreateCommand("ANALYZE"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        var runner = services.GetRequiredService<TickRunner>();
        for (var i = -WarmUpTicks; i < 0; i++)
        {
            await trickle(dataSource, i, ct);
            await runner.RunAsync(ct);
        }

        var quiet = new List<double>();
        for (var i = 0; i < ticks; i++)
        {
            quiet.Add(await TimeAsync(runner, ct));
        }

        var changed = new List<double>();
        for (var i = 0; i < ticks; i++)
        {
            await trickle(dataSource, i, ct);
            changed.Add(await TimeAsync(runner, ct));
        }

        await using var size = dataSource.CreateCommand("SELECT pg_database_size(current_database())");
        return new TickTimings(Percentiles.Of(quiet), Percentiles.Of(changed), (long)(await size.ExecuteScalarAsync(ct))!);
    }

    private static async Task<double> TimeAsync(TickRunner runner, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await runner.RunAsync(ct);
        return watch.Elapsed.TotalMilliseconds;
    }
}

/// <summary>What <see cref="TickMeasurement.MeasureAsync"/> measured.</summary>
/// <param name="Quiet">Tick durations with nothing new, in ms.</param>
/// <param name="Changed">Tick durations after each trickle, in ms.</param>
/// <param name="DatabaseBytes">The database's size afterwards.</param>
internal sealed record TickTimings(Percentiles Quiet, Percentiles Changed, long DatabaseBytes);
