using Dashboard.Jobs;
using Dashboard.Tests.Infrastructure;
using Npgsql;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Dashboard.Tests.Jobs;

/// <summary>
/// Two nodes on one database: a node joining keeps the 1 s tick's phase and adds no firing; killing the node that holds
/// the tick's trigger (a separate process, SIGKILL: no graceful Quartz shutdown) resumes the tick on the survivor within
/// the documented bound (docs/jobs.md), with the missed firings skipped, not run back to back.
/// </summary>
public sealed class JobsFailoverTests(ITestOutputHelper output)
{
    private const string Tick = "campaign_metrics";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    // A catch-up burst runs missed firings back to back (gaps of one run, tens of ms). A firing that starts late because
    // the run before it was slow (a loaded machine) shortens only the gap after it, by its delay: one 499 ms gap followed
    // by 1.002 s was seen on a saturated test machine, and is no burst.
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(250);

    // The documented bound for the tick with the default settings (3 × check-in + check-in threshold + misfire
    // threshold + interval = 7.5 s), and the issue's ceiling: the defaults must stay under it.
    private static readonly TimeSpan Bound = new JobsOptions().FailoverBound(Interval);

    [Fact]
    public async Task A_joining_node_keeps_the_phase_and_a_killed_node_s_tick_resumes_on_the_survivor_without_a_burst()
    {
        Assert.True(Bound <= TimeSpan.FromSeconds(10), $"the default failover bound {Bound} exceeds 10 s");
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var schedulerName = "failover-" + Guid.NewGuid().ToString("N")[..8];
        var signingKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var db = new HistoryReader(connectionString, schedulerName);

        using var first = AppNode.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Dashboard"] = connectionString,
            ["Auth__SigningKey"] = signingKey,
            ["Simulation__Enabled"] = "false",
            ["Jobs__SchedulerName"] = schedulerName,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        string firstInstance;
        try
        {
            firstInstance = (await Poll.UntilAsync(async () => await db.InstancesAsync() is [var only] ? only : null, static i => i is not null, TimeSpan.FromSeconds(60), "the first node checked in"))!.Trim();
            await Poll.UntilAsync(async () => (await db.FiringsAsync(DateTime.MinValue)).Count >= 3, TimeSpan.FromSeconds(30), "3 firings on the first node");
        }
        catch (Xunit.Sdk.XunitException)
        {
            output.WriteLine(first.Output);
            throw;
        }

        // (c) A node joins: the stored trigger keeps its start time (phase) and no firing comes early.
        var (startBefore, _) = await db.TriggerAsync();
        var joinAt = DateTime.UtcNow;
        var second = new JoiningNode(connectionString, schedulerName, signingKey);
        await second.InitializeAsync();
        try
        {
            var secondInstance = (await Poll.UntilAsync(
                async () => (await db.InstancesAsync()).FirstOrDefault(i => i.Trim() != firstInstance), static i => i is not null,
                TimeSpan.FromSeconds(30), "the second node checked in"))!;
            await Poll.UntilAsync(async () => (await db.FiringsAsync(joinAt)).Count >= 4, TimeSpan.FromSeconds(30), "4 firings after the join");
            var (startAfter, next) = await db.TriggerAsync();
            Assert.Equal(startBefore, startAfter);
            Assert.Equal(0, (next - startAfter).Ticks % Interval.Ticks);
            var aroundJoin = await db.FiringsAsync(joinAt - TimeSpan.FromSeconds(2));
            AssertNoBurst(aroundJoin, "around the join");

            // Kill the node while it holds the tick's trigger: acquired, with its firing still at least 600 ms away, so the
            // holder cannot change between this read and the kill (a node releases an acquired trigger only by firing it).
            await Poll.UntilAsync(async () => await db.HolderAheadAsync(TimeSpan.FromMilliseconds(600)) == firstInstance, TimeSpan.FromSeconds(30), "the first node holding the tick's trigger");
            first.Kill();
            var killedAt = DateTime.UtcNow;
            Assert.Equal(firstInstance, await db.HolderAsync());

            // (a) The tick resumes on the survivor within the bound.
            var resumed = (await Poll.UntilAsync(
                async () => (await db.FiringsAsync(killedAt)).FirstOrDefault(f => f.Instance == secondInstance.Trim()), static f => f is not null,
                Bound + TimeSpan.FromSeconds(5), "a firing on the survivor after the kill"))!;
            var resume = resumed.At - killedAt;
            output.WriteLine($"resumed on the survivor {resume.TotalSeconds:0.000} s after the kill (bound {Bound.TotalSeconds:0.0} s)");
            Assert.True(resume <= Bound, $"the tick resumed {resume} after the kill, past the documented {Bound}");

            // (b) No burst: the missed firings are skipped, so the ones after the resume keep their interval.
            await Poll.UntilAsync(async () => (await db.FiringsAsync(resumed.At)).Count >= 4, TimeSpan.FromSeconds(15), "4 firings after the resume");
            var afterKill = await db.FiringsAsync(killedAt - TimeSpan.FromSeconds(1));
            AssertNoBurst(afterKill, "after the kill");
            var (_, nextAfter) = await db.TriggerAsync();
            Assert.Equal(0, (nextAfter - startAfter).Ticks % Interval.Ticks);
        }
        finally
        {
            await second.DisposeAsync();
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        }
    }

    private void AssertNoBurst(IReadOnlyList<Firing> firings, string when)
    {
        var gaps = firings.Zip(firings.Skip(1), (a, b) => b.At - a.At).ToList();
        output.WriteLine($"{when}: {firings.Count} firings, gaps {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("0.000")))} s");
        Assert.All(gaps, g => Assert.True(g >= MinGap, $"two firings {when} only {g.TotalMilliseconds:0} ms apart"));
    }

    private sealed record Firing(string Instance, DateTime At);

    // Quartz's own tables: who is in the cluster, who holds the tick, and every firing of it (qrtz_execution_history).
    private sealed class HistoryReader(string connectionString, string schedulerName)
    {
        public async Task<List<string>> InstancesAsync() =>
            await ReadAsync("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = @s ORDER BY instance_name", r => r.GetString(0));

        public async Task<string?> HolderAsync() =>
            (await ReadAsync("SELECT instance_name FROM qrtz_fired_triggers WHERE sched_name = @s AND trigger_name = '" + Tick + "'", r => r.GetString(0))).FirstOrDefault()?.Trim();

        public async Task<string?> HolderAheadAsync(TimeSpan ahead) =>
            (await ReadAsync(
                "SELECT instance_name FROM qrtz_fired_triggers WHERE sched_name = @s AND trigger_name = '" + Tick + "' AND state = 'ACQUIRED' " +
                "AND sched_time >= " + (DateTime.UtcNow + ahead).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r => r.GetString(0))).FirstOrDefault()?.Trim();

        public async Task<(DateTime Start, DateTime Next)> TriggerAsync() =>
            (await ReadAsync(
                "SELECT start_time, next_fire_time FROM qrtz_triggers WHERE sched_name = @s AND trigger_name = '" + Tick + "'",
                r => (Time(r.GetInt64(0)), Time(r.GetInt64(1))))).Single();

        public async Task<List<Firing>> FiringsAsync(DateTime since) =>
            (await ReadAsync(
                "SELECT instance_name, fired_time FROM qrtz_execution_history WHERE sched_name = @s AND job_name = '" + Tick + "' AND NOT coalesce(manual, false) ORDER BY fired_time",
                r => new Firing(r.GetString(0).Trim(), Time(r.GetInt64(1)))))
            .Where(f => f.At >= since).ToList();

        // Quartz stores instants as UTC ticks.
        private static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

        private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> row)
        {
            var rows = new List<T>();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, connection);
            cmd.Parameters.AddWithValue("s", schedulerName);
            try
            {
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows.Add(row(reader));
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The first node has not provisioned Quartz's schema yet.
            }

            return rows;
        }
    }

    // The in-process survivor: another node of the killed process's cluster (same database, scheduler name and key).
    private sealed class JoiningNode(string connectionString, string schedulerName, string signingKey) : DashboardServer
    {
        protected override IDictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["ConnectionStrings:Dashboard"] = connectionString;
            settings["Jobs:SchedulerName"] = schedulerName;
            settings["Auth:SigningKey"] = signingKey;
            return settings;
        }
    }
}
