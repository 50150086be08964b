using Dashboard.Benchmarks.Shared;
using Dashboard.Benchmarks.Tick;
using Dashboard.Tick;
using Npgsql;
using System.Diagnostics;

namespace Dashboard.Benchmarks.CommerceTick;

/// <summary>
/// The 1 s tick's duration against stored commerce history (issue 17): for each size, a fresh database gets the events of
/// that many transactions and of 1 M distinct users active today on one tenant (<see cref="CommerceEventSeeder"/>), the
/// fold works them all down into the commerce tables, a few thousand of those users are active again in the last 5
/// minutes, then the real tick (the app's own <see cref="TickRunner"/>) is timed with nothing new (quiet; the busy tenant
/// is still recomputed, as its "active now" moves with the clock) and after a handful of shop events on that tenant
/// (changed). The goal is a flat line: the tick's cost follows what arrived and who is on the site now, not how many
/// transactions or users are stored.
/// </summary>
internal static class CommerceTickBenchmark
{
    /// <summary>The <c>commerce-tick</c> command's entry point: parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var sizes = args.Ints<long>("--transactions", "10000,100000,1000000");
        var users = args.Int("--users", (int)CommerceEventSeeder.UsersToday);
        var ticks = args.Int("--ticks", 100);
        var runs = args.Int("--runs", 2);
        var results = new List<(DateTime Started, IReadOnlyList<CommerceTickResult> Rows)>();
        for (var run = 1; run <= runs; run++)
        {
            var runStarted = DateTime.UtcNow;
            Console.WriteLine($"commerce-tick: run {run} of {runs}");
            results.Add((runStarted, await RunAsync(sizes, users, ticks, Console.Out, CancellationToken.None)));
        }

        BenchmarkReport.Publish(args, CommerceTickReport.Section(results, users, ticks, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<CommerceTickResult>> RunAsync(IReadOnlyList<long> sizes, long users, int ticks, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var results = new List<CommerceTickResult>();
        foreach (var size in sizes)
        {
            var connectionString = await postgres.CreateDatabaseAsync($"commerce_tick_{size}");
            await using var host = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, InProcess = true }, log, ct);

            var seed = Stopwatch.StartNew();
            var stored = await CommerceEventSeeder.SeedAsync(connectionString, size, users, DateTime.UtcNow, ct);
            seed.Stop();
            log.WriteLine($"commerce-tick: {size:N0} transactions, {users:N0} users today, {stored:N0} events stored in {seed.Elapsed.TotalSeconds:F1} s");

            var fold = await TickMeasurement.FoldAllAsync(host.Services, ct);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            // Right before the timed ticks, so these users are still in the 5-minute window while measured.
            await CommerceEventSeeder.SeedRecentAsync(dataSource, ct);
            await TickMeasurement.FoldAllAsync(host.Services, ct);
            var rows = await CountRowsAsync(dataSource, ct);
            log.WriteLine($"commerce-tick: folded in {fold.TotalSeconds:F1} s: {rows}");

            var timings = await TickMeasurement.MeasureAsync(host.Services, dataSource, ticks, TrickleAsync, ct);
            var result = new CommerceTickResult(size, stored, seed.Elapsed, fold, timings.Quiet, timings.Changed, timings.DatabaseBytes, rows);
            log.WriteLine($"commerce-tick: {size:N0} transactions: quiet p50 {result.Quiet.P50:F1} / p99 {result.Quiet.P99:F1} ms, changed p50 {result.Changed.P50:F1} / p99 {result.Changed.P99:F1} ms");
            results.Add(result);
        }

        return results;
    }

    private static async Task<CommerceRows> CountRowsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            SELECT (SELECT count(*) FROM commerce_transactions), (SELECT count(*) FROM commerce_transaction_buckets), (SELECT count(*) FROM commerce_users),
                   (SELECT coalesce(max(users), 0) FROM commerce_users_today WHERE tenant = '{CommerceEventSeeder.BusyTenant}'),
                   (SELECT count(*) FROM commerce_users WHERE tenant = '{CommerceEventSeeder.BusyTenant}' AND last_active >= now() - interval '5 minutes')
            """);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new CommerceRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>
    /// What a busy shop adds in about a second on <see cref="CommerceEventSeeder.BusyTenant"/>: a new visitor and a
    /// returning one are active, the new one views an item, a checkout starts (pending), the previous one completes with
    /// its content purchase, and a payment of 20 ticks ago is refunded.
    /// </summary>
    private static async Task TrickleAsync(NpgsqlDataSource dataSource, int tick, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO events (tenant, source, event_id, type, time, data)
            SELECT $2, 'trickle', $1 || '-' || e.k, e.type, now(), e.data
            FROM (VALUES
                (1, 'user.active', jsonb_build_object('userId', 'live-' || $1)),
                (2, 'user.active', jsonb_build_object('userId', 'user-' || (1 + ($1 * 7919) % 1000000))),
                (3, 'content.viewed', jsonb_build_object('contentId', 'content-7', 'userId', 'live-' || $1)),
                (4, 'transaction.updated', jsonb_build_object('transactionId', 'live-' || $1, 'amount', 12.99, 'currency', 'EUR', 'status', 'pending')),
                (5, 'transaction.updated', jsonb_build_object('transactionId', 'live-' || ($1 - 1), 'amount', 12.99, 'currency', 'EUR', 'status', 'completed')),
                (6, 'content.purchased', jsonb_build_object('contentId', 'content-7', 'amount', 12.99, 'currency', 'EUR')),
                (7, 'transaction.updated', jsonb_build_object('transactionId', 'live-' || ($1 - 20), 'amount', 12.99, 'currency', 'EUR', 'status', 'refunded'))
            ) AS e(k, type, data)
            """);
        cmd.Parameters.AddWithValue(tick + 1000);
        cmd.Parameters.AddWithValue(CommerceEventSeeder.BusyTenant);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
