using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Bounded polling for conditions other processes reach (PostgreSQL, the app's jobs, a killed node's successor), which
/// offer no event a test can await: read, check, wait 50 ms, until the condition holds or the deadline passes.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Calls <paramref name="read"/> until <paramref name="done"/> holds for its value and returns that value; fails
    /// after <paramref name="timeout"/> naming <paramref name="what"/> and the last value read.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (watch.Elapsed > timeout)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not within {timeout.TotalSeconds} s (last: {(describe ?? (v => $"{v}"))(value)})");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Until <paramref name="condition"/> answers true; fails after <paramref name="timeout"/> naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(condition, static met => met, timeout, what);

    /// <summary>Until <paramref name="condition"/> holds; fails after <paramref name="timeout"/> naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), static met => met, timeout, what);
}
