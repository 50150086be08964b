using Dashboard.Benchmarks.Shared;
using Dashboard.Realtime;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Backplane;

/// <summary>
/// The data of a backplane benchmark message: <see cref="T"/>, the publishing node's <see cref="Stopwatch"/> timestamp
/// when it called <c>PublishAsync</c>, and padding. On Linux the timestamp is <c>CLOCK_MONOTONIC</c>, one clock for
/// every process of the machine, so any node can time a message published by another.
/// </summary>
internal sealed record BackplaneStamp(long T, string Text);

/// <summary>
/// A hub subscriber on one node for every benchmark stream: it times each message from its publication (on whichever
/// node) to its application on this node's hub (<see cref="IHubSubscriber.Deliver"/> runs when the listener applies it),
/// and counts them. The window's figures are read and restarted by <c>GET /bench/backplane/stats?reset=1</c>.
/// </summary>
internal sealed class BackplaneProbe : IHubSubscriber
{
    private static readonly byte[] Marker = "\"data\":{\"t\":"u8.ToArray();
    private readonly Lock _lock = new();
    private LatencyHistogram _window = new();
    private long _applied;
    private long _resyncs;

    /// <summary>Messages applied since the node started, and the window's count and latencies (ms).</summary>
    public string Stats(bool reset)
    {
        LatencyHistogram window;
        long applied, resyncs;
        lock (_lock)
        {
            (window, applied, resyncs) = (_window, _applied, _resyncs);
            if (reset)
            {
                _window = new LatencyHistogram();
            }
        }

        var f = window.Figures();
        return string.Create(CultureInfo.InvariantCulture, $"{applied} {resyncs} {f.Count} {f.P50} {f.P99} {f.P999} {f.Max}");
    }

    public void Deliver(HubMessage message)
    {
        var json = message.Json.Span;
        var at = json.IndexOf(Marker);
        if (at < 0 || !Utf8Parser.TryParse(json[(at + Marker.Length)..], out long stamp, out _))
        {
            return;
        }

        var elapsed = Stopwatch.GetTimestamp() - stamp;
        lock (_lock)
        {
            _window.RecordTicks(elapsed);
            _applied++;
        }
    }

    public void Resync(string topic, HubMessage? snapshot)
    {
        lock (_lock)
        {
            _resyncs++;
        }
    }
}
