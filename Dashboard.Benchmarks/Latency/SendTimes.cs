namespace Dashboard.Benchmarks.Latency;

/// <summary>
/// When each event was sent (Stopwatch ticks, by event number; 0 until sent), written by the producer before its POST
/// and read by every client on receipt. Events below <see cref="FirstMeasured"/> are warm-up: received, not timed.
/// </summary>
internal sealed class SendTimes(long events, long firstMeasured)
{
    private readonly long[] _ticks = new long[events];

    public long Events => _ticks.Length;

    public long FirstMeasured => firstMeasured;

    public void Sent(long first, int count, long ticks)
    {
        for (var i = first; i < first + count; i++)
        {
            Volatile.Write(ref _ticks[i], ticks);
        }
    }

    public long this[long n] => n >= 0 && n < _ticks.Length ? Volatile.Read(ref _ticks[n]) : 0;
}
