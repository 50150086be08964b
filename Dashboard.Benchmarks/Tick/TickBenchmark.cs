using Dashboard.Benchmarks.Shared;
using Dashboard.Tick;
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

            var fold = await TickMeasurement.FoldAllAsync(host.Services, ct);
            log.WriteLine($"tick: folded in {fold.TotalSeconds:F1} s");

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var timings = await TickMeasurement.MeasureAsync(host.Services, dataSource, ticks, TrickleAsync, ct);
            var result = new TickResult(stored, seed.Elapsed, fold, timings.Quiet, timings.Changed, timings.DatabaseBytes);
            log.WriteLine($"tick: {stored:N0} events: idle {result.Idle}, busy {result.Busy}");
            results.Add(result);
        }

        return results;
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
