using Dashboard.Benchmarks.Shared;
using System.Text;

namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// One subscribed client's receipts: each <c>call_event</c> is matched to its send time by its call id and kind, and the
/// latency goes into this client's own histogram (merged after the run: no shared counters on the hot path).
/// </summary>
internal abstract class LatencyClient(SendTimes sendTimes, string callPrefix)
{
    private readonly byte[] _callMarker = Encoding.UTF8.GetBytes($"\"callId\":\"{callPrefix}");

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>call_events received (warm-up included); read by the run while it waits for the last deliveries.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Set when the connection ended before the run did (e.g. closed as a slow consumer).</summary>
    public string? Ended { get; protected set; }

    private long _received;

    /// <summary>Runs until <paramref name="ct"/> or the server ends the connection.</summary>
    public abstract Task RunAsync(CancellationToken ct);

    private static ReadOnlySpan<byte> EventMarker => "\"event\":\"call_"u8;

    /// <summary>Times one server message received at <paramref name="now"/> when it is one of the run's call events.</summary>
    protected void OnMessage(ReadOnlySpan<byte> message, long now)
    {
        var e = message.IndexOf(EventMarker);
        var c = message.IndexOf(_callMarker);
        if (e < 0 || c < 0 || e + EventMarker.Length >= message.Length)
        {
            return;
        }

        var step = message[e + EventMarker.Length] switch { (byte)'s' => 0, (byte)'a' => 1, _ => 2 };
        long call = 0;
        for (var i = c + _callMarker.Length; i < message.Length && message[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            call = (call * 10) + (message[i] - '0');
        }

        var n = CallEventBodies.EventNumber(call, step);
        Interlocked.Increment(ref _received);
        var sent = sendTimes[n];
        if (n >= sendTimes.FirstMeasured && sent != 0)
        {
            Histogram.RecordTicks(now - sent);
        }
    }
}
