using Dashboard.Benchmarks.Shared;
using Dashboard.Benchmarks.Tick;
using Dashboard.Tick;
using Npgsql;
using System.Diagnostics;

namespace Dashboard.Benchmarks.ChatTick;

/// <summary>
/// The 1 s tick's duration against stored chat history (issue 16): for each size, a fresh database gets the events of that
/// many chat messages with their sessions, statuses and CSAT (<see cref="ChatEventSeeder"/>), the fold works them all
/// down into the chat tables, then the real tick (the app's own <see cref="TickRunner"/>) is timed with nothing new
/// (quiet) and after a handful of chat events on one tenant (changed). The goal is a flat line, as for the voice tick:
/// the tick's cost follows what arrived and what is open, not how many messages are stored.
/// </summary>
internal static class ChatTickBenchmark
{
    /// <summary>The tenant that receives new chat events before each changed tick.</summary>
    private const string ChangedTenant = "chat-000";

    /// <summary>The <c>chat-tick</c> command's entry point: parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var sizes = args.Ints<long>("--messages", "10000,100000,1000000");
        var ticks = args.Int("--ticks", 100);
        var started = DateTime.UtcNow;
        var results = await RunAsync(sizes, ticks, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, ChatTickReport.Section(results, ticks, started, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<ChatTickResult>> RunAsync(IReadOnlyList<long> sizes, int ticks, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var results = new List<ChatTickResult>();
        foreach (var size in sizes)
        {
            var connectionString = await postgres.CreateDatabaseAsync($"chat_tick_{size}");
            await using var host = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, InProcess = true }, log, ct);

            var seed = Stopwatch.StartNew();
            var stored = await ChatEventSeeder.SeedAsync(connectionString, size, DateTime.UtcNow, ct);
            seed.Stop();
            log.WriteLine($"chat-tick: {size:N0} messages, {stored:N0} events stored in {seed.Elapsed.TotalSeconds:F1} s");

            var fold = await TickMeasurement.FoldAllAsync(host.Services, ct);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var rows = await CountRowsAsync(dataSource, ct);
            log.WriteLine($"chat-tick: folded in {fold.TotalSeconds:F1} s: {rows}");

            var timings = await TickMeasurement.MeasureAsync(host.Services, dataSource, ticks, TrickleAsync, ct);
            var result = new ChatTickResult(size, stored, seed.Elapsed, fold, timings.Quiet, timings.Changed, timings.DatabaseBytes, rows);
            log.WriteLine($"chat-tick: {size:N0} messages: quiet p50 {result.Quiet.P50:F1} / p99 {result.Quiet.P99:F1} ms, changed p50 {result.Changed.P50:F1} / p99 {result.Changed.P99:F1} ms");
            results.Add(result);
        }

        return results;
    }

    private static async Task<ChatRows> CountRowsAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM chat_sessions), (SELECT count(*) FROM chat_messages), (SELECT count(*) FROM chat_message_hourly), (SELECT count(*) FROM chat_csat)");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ChatRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>
    /// What a busy chat desk adds in about a second on <see cref="ChangedTenant"/>: a session starts (and waits), the
    /// previous one is assigned and gets an agent and a customer message, the agent's earlier messages are delivered and
    /// read, an older session is closed resolved and rated. The sessions of the last ticks stay open, as on a live desk.
    /// </summary>
    private static async Task TrickleAsync(NpgsqlDataSource dataSource, int tick, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO events (tenant, source, event_id, type, time, data)
            SELECT $2, 'trickle', $1 || '-' || e.k, e.type, now(), e.data
            FROM (VALUES
                (1, 'chat.session_started', jsonb_build_object('sessionId', 'live-' || $1, 'channel', 'web')),
                (2, 'chat.session_assigned', jsonb_build_object('sessionId', 'live-' || ($1 - 1), 'agentId', 'a1')),
                (3, 'chat.message', jsonb_build_object('sessionId', 'live-' || ($1 - 1), 'messageId', 'la-' || ($1 - 1), 'kind', 'text', 'sender', 'agent')),
                (4, 'chat.message', jsonb_build_object('sessionId', 'live-' || ($1 - 1), 'messageId', 'lc-' || ($1 - 1), 'kind', 'image', 'sender', 'customer')),
                (5, 'chat.message_status', jsonb_build_object('messageId', 'la-' || ($1 - 1), 'status', 'delivered')),
                (6, 'chat.message_status', jsonb_build_object('messageId', 'la-' || ($1 - 2), 'status', 'read')),
                (7, 'chat.session_closed', jsonb_build_object('sessionId', 'live-' || ($1 - 3), 'resolved', true)),
                (8, 'csat.submitted', jsonb_build_object('score', 1 + (($1 + 1000) % 5), 'sessionId', 'live-' || ($1 - 3)))
            ) AS e(k, type, data)
            """);
        cmd.Parameters.AddWithValue(tick + 1000);
        cmd.Parameters.AddWithValue(ChangedTenant);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
