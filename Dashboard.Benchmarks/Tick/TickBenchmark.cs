using Dashboard.Benchmarks.Shared;
using Dashboard.Folding;
using Dashboard.Tick;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Diagnostics;

namespace Dashboard.Benchmarks.Tick;

/// <summary>
/// The 1 s tick's duration against stored history (issue 4's benchmark): for each size, a fresh database gets that many
/// events (<see cref="EventSeeder"/>), the fold works them all down, then the real tick (the app's own
/// <see cref="TickRunner"/> from its container) is timed, idle and with a trickle of new events before each
/// run. The goal is a flat line: the tick's cost follows what arrived, not what is stored.
/// </summary>
internal static class TickBenchmark
{
    /// <summary>Tenants that receive new events before each busy tick.</summary>
    private const int TrickleTenants = 10;

    private const int WarmUpTicks = 5;

    /// <summary>The <c>tick</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var sizes = args.Ints<long>("--sizes", "0,1000000,10000000");
        var ticks = args.Int("--ticks", 30);
        var started = DateTime.UtcNow;
        var results = await RunAsync(sizes, ticks, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, TickReport.TickSection(results, ticks, started, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<TickResult>> RunAsync(IReadOnlyList<long> sizes, int ticks, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var results = new List<TickResult>();
        foreach (var size in sizes)
        {
            var connectionString = await postgres.CreateDatabaseAsync($"tick_{size}");
            await using var host = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, InProcess = true }, log, ct);

            var seed = Stopwatch.StartNew();
            var stored = await EventSeeder.SeedAsync(connectionString, size, DateTime.UtcNow, ct);
            seed.Stop();
            log.WriteLine($"tick: {stored:N0} events stored in {seed.Elapsed.TotalSeconds:F1} s");

            var fold = Stopwatch.StartNew();
            var folder = host.Services.GetRequiredService<EventFolder>();
            while ((await folder.FoldAsync(ct)).EventsRead > 0)
            {
            }

            fold.Stop();
            log.WriteLine($"tick: folded in {fold.Elapsed.TotalSeconds:F1} s");

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await Analyze(dataSource, ct);
            var runner = host.Services.GetRequiredService<TickRunner>();
            // Warm-up (JIT, plans, connection pool) on the busy path too, so the first size measured is not penalised.
            for (var i = -WarmUpTicks; i < 0; i++)
            {
                await TrickleAsync(dataSource, i, ct);
                await runner.RunAsync(ct);
            }

            var idle = new List<double>();
            for (var i = 0; i < ticks; i++)
            {
                idle.Add(await TimeAsync(runner, ct));
            }

            var busy = new List<double>();
            for (var i = 0; i < ticks; i++)
            {
                await TrickleAsync(dataSource, i, ct);
                busy.Add(await TimeAsync(runner, ct));
            }

            await using var sizeCmd = dataSource.CreateCommand("SELECT pg_database_size(current_database())");
            var bytes = (long)(await sizeCmd.ExecuteScalarAsync(ct))!;
            var result = new TickResult(stored, seed.Elapsed, fold.Elapsed, Percentiles.Of(idle), Percentiles.Of(busy), bytes);
            log.WriteLine($"tick: {stored:N0} events: idle {result.Idle}, busy {result.Busy}");
            results.Add(result);
        }

        return results;
    }

    private static async Task<double> TimeAsync(TickRunner runner, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await runner.RunAsync(ct);
        return watch.Elapsed.TotalMilliseconds;
    }

    // Fresh statistics after the bulk load, as autovacuum would give a long-running server.
    private static async Task Analyze(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("ANALYZE");
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// What a busy contact centre adds in about a second: on <see cref="TrickleTenants"/> tenants a new outbound call
    /// starts, the previous tick's call ends, an inbound caller queues and an agent changes status.
    /// </summary>
    private static async Task TrickleAsync(NpgsqlDataSource dataSource, int tick, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO events (tenant, source, event_id, type, time, data)
            SELECT 'bench-' || lpad(t::text, 3, '0'), 'trickle', $1 || '-' || t || '-' || e.k, e.type, now(), e.data
            FROM generate_series(0, $2 - 1) AS t,
                 LATERAL (VALUES
                    (1, 'call.started', jsonb_build_object('callId', 'live-' || $1 || '-' || t, 'direction', 'outbound', 'campaignId', 'c0')),
                    (2, 'call.ended', jsonb_build_object('callId', 'live-' || ($1 - 1) || '-' || t, 'outcome', 'completed')),
                    (3, 'call.queued', jsonb_build_object('callId', 'q-' || $1 || '-' || t, 'queue', 'q0')),
                    (4, 'agent.status_changed', jsonb_build_object('agentId', 'a' || ($1 % 20), 'status',
                        (ARRAY['available','on_call','after_call_work'])[1 + $1 % 3]))
                 ) AS e(k, type, data)
            """);
        cmd.Parameters.AddWithValue(tick);
        cmd.Parameters.AddWithValue(TrickleTenants);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
