using System.Diagnostics;
using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;
using static Dashboard.Tests.Faults.DatabaseOutageTests;

namespace Dashboard.Tests.Faults;

/// <summary>
/// Second fault: the server process killed (<c>Process.Kill</c>, no graceful shutdown) under load and
/// started again on the same database and port (docs/outage.md).
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class ServerKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Server_killed_under_load_keeps_every_acknowledged_event_and_clients_resume_with_since()
    {
        var clock = Stopwatch.StartNew();
        await using var server = new ServerProcess(await TestPostgres.CreateDatabaseAsync());
        await server.StartAsync();
        output.WriteLine($"server ready at {clock.Elapsed.TotalSeconds:F1} s");
        var tenant = Tenants.New();
        var campaign = "kill-" + Guid.NewGuid().ToString("N")[..6];

        await using var before = await StreamRecorder.ConnectAsync(server.BaseAddress, server.Token(tenant, Scopes.Read), "calls");
        await using var producer = new FaultProducer(
            () => server.Http(server.Token(tenant, Scopes.Write)), campaign, workers: 3, interval: TimeSpan.FromMilliseconds(40), maxCalls: 500, clock);
        producer.Start();
        await Poll.UntilAsync(() => producer.Acked.Count >= 60, Deadline, "60 calls acknowledged before the kill");

        // --- the kill, mid-load ---------------------------------------------------------------------------------------------
        await server.KillAsync();
        var killedAt = clock.Elapsed;
        var ackedBeforeKill = producer.Acked.Count;
        await before.WaitUntilAsync(r => r.Ended is not null, TimeSpan.FromSeconds(10), "the WebSocket to notice the kill");
        await before.DisposeAsync();
        var lastSeen = before.LastSeq;
        output.WriteLine($"killed at {killedAt.TotalSeconds:F1} s after {ackedBeforeKill} acknowledged calls; the client had seq {lastSeen} ({before.Ended})");

        await server.StartAsync();
        var restartedAt = clock.Elapsed;
        output.WriteLine($"ready again at {restartedAt.TotalSeconds:F1} s ({(restartedAt - killedAt).TotalSeconds:F1} s after the kill)");

        // --- the client comes back with since = the last seq it saw ------------------------------------------------------------
        await using var after = await StreamRecorder.ConnectAsync(server.BaseAddress, server.Token(tenant, Scopes.Read), "calls", since: lastSeen);
        var ackedAtRestart = producer.Acked.Count;
        await Poll.UntilAsync(() => producer.Acked.Count >= ackedAtRestart + 60, Deadline, "60 more calls acknowledged after the restart");
        await producer.StopAsync(Deadline);
        var acked = producer.Acked;
        output.WriteLine($"{acked.Count} calls acknowledged, {producer.ConnectionErrors} connection errors, {producer.Unavailable} × 503");

        Assert.Empty(producer.Unexpected);
        Assert.True(producer.ConnectionErrors > 0, "the producer never noticed the kill");

        // --- every 202 stored, once; folded once ------------------------------------------------------------------------------
        Assert.Equal(acked.Count, acked.Select(a => a.CallId).Distinct().Count());
        Assert.Equal(producer.Started, acked.Count);
        var stored = await StoredEventIdsAsync(server.ConnectionString, tenant);
        Assert.Equal(2 * acked.Count, stored.Count);
        Assert.All(acked, a => Assert.True(stored.Contains($"{a.CallId}-s") && stored.Contains($"{a.CallId}-e"), $"{a.CallId} acknowledged but not stored"));
        using (var reader = server.Http(server.Token(tenant, Scopes.Read)))
        {
            await AssertFoldedOnceAsync(reader, server.ConnectionString, tenant, campaign, acked.Count);
        }

        // --- the resumed stream continues the old one: no gap (or a resync, when the gap is no longer kept) -------------------
        var freshAfterRestart = acked.Where(a => a.Fresh && a.At > restartedAt).Select(a => a.CallId).ToHashSet();
        Assert.NotEmpty(freshAfterRestart);
        await after.WaitUntilAsync(r => freshAfterRestart.IsSubsetOf(r.CallIds("call_started")), Deadline, "the live events of calls stored after the restart");
        var combined = before.Messages.Concat(after.Messages).ToList();
        if (after.Resynced)
        {
            output.WriteLine("the resumed client got resync (its gap was no longer kept)");
        }

        Assert.Empty(await StreamRecorder.LossesAsync(server.ConnectionString, tenant, "calls", before.SubscribedSeq, combined));

        // Nothing published for an event that is not stored.
        Assert.All(before.CallIds("call_started").Concat(after.CallIds("call_started")), id => Assert.Contains($"{id}-s", stored));
        output.WriteLine($"client: {before.DataMessages.Count} messages before the kill (to seq {lastSeen}), {after.DataMessages.Count} after resuming, no gap");
    }
}
