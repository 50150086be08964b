namespace Dashboard.Hosting;

/// <summary>
/// Keys (a tenant, a stream) whose work keeps failing on their data: each failure pushes the key's next attempt back,
/// from 1 s doubling to 5 min, so it is never retried at full speed, and the first failure of a failing run is told
/// apart so it can be logged once. A success forgets the key. Thread-safe; cheap while nothing fails.
/// </summary>
/// <typeparam name="TKey">What fails, e.g. (tenant, topic, type).</typeparam>
internal sealed class FailureBackOff<TKey>(TimeProvider time)
    where TKey : notnull
{
    /// <summary>The delay after a key's first failure.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, (DateTimeOffset Until, TimeSpan Delay)> _failing = [];

    /// <summary>Whether <paramref name="key"/> is failing, and if so whether its back-off has passed (<paramref name="due"/>).</summary>
    public bool IsFailing(TKey key, out bool due)
    {
        lock (_gate)
        {
            if (_failing.Count == 0 || !_failing.TryGetValue(key, out var state))
            {
                due = true;
                return false;
            }

            due = time.GetUtcNow() >= state.Until;
            return true;
        }
    }

    /// <summary>True while <paramref name="key"/> is failing and its back-off has not passed.</summary>
    public bool IsBackingOff(TKey key) => IsFailing(key, out var due) && !due;

    /// <summary>
    /// Records a failure of <paramref name="key"/>: its next attempt waits twice the previous delay (the first waits
    /// <see cref="FirstDelay"/>), or not at all when <paramref name="backOff"/> is false (the key is only remembered as
    /// failing). Returns true for the first failure since the key last succeeded.
    /// </summary>
    public bool Failed(TKey key, bool backOff = true)
    {
        lock (_gate)
        {
            var first = !_failing.TryGetValue(key, out var state);
            var delay = !backOff ? TimeSpan.Zero : first ? FirstDelay : TimeSpan.FromTicks(Math.Min(Math.Max(state.Delay.Ticks, FirstDelay.Ticks) * 2, MaxDelay.Ticks));
            _failing[key] = (time.GetUtcNow() + delay, delay);
            return first;
        }
    }

    /// <summary>Records a success: <paramref name="key"/> is forgotten.</summary>
    public void Succeeded(TKey key)
    {
        lock (_gate)
        {
            if (_failing.Count > 0)
            {
                _failing.Remove(key);
            }
        }
    }
}
