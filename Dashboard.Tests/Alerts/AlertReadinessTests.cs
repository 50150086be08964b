using Dashboard.Alerts;
using Dashboard.Alerts.Evaluation;
using Dashboard.Observability;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using System.Text;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// A node evaluates only once its hub holds current snapshots (docs/alert-states.md, "No data"): not while the backplane
/// is down, not right after start before a fresh tick snapshot arrives (or Alerts:MaxSnapshotAgeSeconds of listening).
/// </summary>
public sealed class AlertReadinessTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RealtimeHub _hub;
    private readonly AlertsOptions _options = new() { MaxSnapshotAgeSeconds = 30 };
    private bool _listening = true;

    public AlertReadinessTests()
    {
        _hub = new RealtimeHub(_clock, new DashboardMetrics(Prometheus.Metrics.NewCustomRegistry()), Microsoft.Extensions.Options.Options.Create(new RealtimeOptions()));
    }

    private AlertReadiness New() => new(() => _listening, _hub, new AlertEvaluatorTests.FixedOptionsMonitor<AlertsOptions>(_options));

    private void Snapshot(string topic, DateTimeOffset at, long seq = 1) => _hub.Apply(new HubMessage
    {
        Tenant = "t1", Topic = topic, Type = "x", Seq = seq, IsSnapshot = true, Timestamp = at,
        Json = Encoding.UTF8.GetBytes("{\"type\":\"x\",\"topic\":\"" + topic + "\",\"seq\":" + seq + ",\"data\":{}}"),
    }, acceptGap: true);

    [Fact]
    public void A_fresh_tick_snapshot_makes_the_node_ready_an_old_one_does_not()
    {
        var readiness = New();
        Snapshot(Topics.Queue, _clock.GetUtcNow().AddMinutes(-5));
        Assert.False(readiness.IsReady(_clock.GetUtcNow()));
        Snapshot(Topics.Queue, _clock.GetUtcNow().AddSeconds(-1), seq: 2);
        Assert.True(readiness.IsReady(_clock.GetUtcNow()));
    }

    [Fact]
    public void Without_snapshots_the_node_is_ready_after_listening_for_MaxSnapshotAgeSeconds_and_not_while_the_backplane_is_down()
    {
        var readiness = New();
        Assert.False(readiness.IsReady(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(readiness.IsReady(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(readiness.IsReady(_clock.GetUtcNow()));

        _listening = false;
        Assert.False(readiness.IsReady(_clock.GetUtcNow()));
        _listening = true;
        Assert.False(readiness.IsReady(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(readiness.IsReady(_clock.GetUtcNow()));
    }
}
