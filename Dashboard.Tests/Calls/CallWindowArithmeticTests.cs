using Dashboard.Calendar;
using Dashboard.Calls;

namespace Dashboard.Tests.Calls;

/// <summary>The pure window arithmetic of <see cref="CallWindowCalculator.Build"/>: which rows count, without a database.</summary>
public sealed class CallWindowArithmeticTests
{
    // Mid-quarter (the buckets are quarter-hours): the window's first bucket is partial.
    private static readonly DateTime Now = new(2025, 6, 1, 12, 37, 0, DateTimeKind.Utc);
    private static readonly Dictionary<string, string> NoNames = [];

    private static CallBucket Bucket(DateTime hour, long calls, string agent = "") =>
        new(hour, agent, CallTally.Of(calls, calls, calls, 10.0 * calls, calls, [calls, 0, 0, 0, 0, 0, 0, 0, 0]));

    [Fact]
    public void Window_bounds_follow_the_hours_and_the_current_bucket()
    {
        var w = CallWindow.Ending(Now.AddTicks(7), 24);
        Assert.Equal(Now, w.End); // sub-microsecond ticks dropped
        Assert.Equal(Now.AddHours(-24), w.Start);
        Assert.Equal(new DateTime(2025, 5, 31, 12, 45, 0, DateTimeKind.Utc), w.FirstWholeBucket);
        Assert.Equal(new DateTime(2025, 6, 1, 12, 30, 0, DateTimeKind.Utc), w.CurrentBucket);

        var aligned = CallWindow.Ending(new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc), 1);
        Assert.Equal(aligned.Start, aligned.FirstWholeBucket);
        Assert.Throws<ArgumentOutOfRangeException>(() => CallWindow.Ending(Now, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CallWindow.Ending(Now, 169));
    }

    [Fact]
    public void The_partial_bucket_is_replaced_by_its_calls_inside_the_window()
    {
        var w = CallWindow.Ending(Now, 2); // [10:37, 12:37]
        var tenOClock = new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc);
        var buckets = new[]
        {
            Bucket(tenOClock.AddMinutes(30), 50), // the partial bucket: ignored, its calls are read one by one
            Bucket(tenOClock.AddHours(1), 3, "a"),
            Bucket(tenOClock.AddHours(2), 2, "a"),
            Bucket(tenOClock.AddHours(2).AddMinutes(45), 9), // after the current bucket
            Bucket(tenOClock, 9), // before the window
        };
        var calls = new[]
        {
            new WindowCall(w.Start, "a", w.Start, w.Start.AddMinutes(1), "converted", 60),
            new WindowCall(w.Start.AddMilliseconds(-1), "a", null, null, null, null),
            new WindowCall(w.Start.AddMinutes(5), null, null, w.Start.AddMinutes(6), "abandoned", null),
        };

        var stats = CallWindowCalculator.Build(w, BusinessCalendar.Utc, buckets, calls, NoNames);

        Assert.Equal((7L, 7L, 6L), (stats.Metrics.TotalCalls, stats.Metrics.EndedCalls, stats.Metrics.CompletedCalls));
        Assert.Equal([2L, 3L, 2L], stats.CallsPerHour.Select(h => h.TotalCalls).ToArray());
        Assert.Equal((2L, 1L), (stats.CallsPerHour[0].TotalCalls, stats.CallsPerHour[0].CompletedCalls));
        // 5 bucket calls of 10 s and one of 60 s.
        Assert.Equal(110.0 / 6, stats.Metrics.AverageDurationSeconds!.Value, 12);
        Assert.Equal(new AgentPerformance("a", null, 6, 6, 110.0 / 6, 1.0), Assert.Single(stats.Agents));
    }

    [Fact]
    public void A_call_contributes_as_the_fold_counts_it()
    {
        var ended = CallTally.OfCall(null, Now, "voicemail", 12.5);
        Assert.Equal((1L, 0L, 1L, 12.5, 1L, 1L), (ended.Calls, ended.Answered, ended.Ended, ended.DurationSum, ended.DurationCount, ended.Outcomes[7]));

        // Duration and outcome only count once the call has ended; an unknown outcome is ended but not counted.
        var live = CallTally.OfCall(Now, null, "completed", 30);
        Assert.Equal((1L, 1L, 0L, 0L, 0L), (live.Calls, live.Answered, live.Ended, live.DurationCount, live.Completed));
        var odd = CallTally.OfCall(null, Now, "hung_up_on_mars", null);
        Assert.Equal((1L, 0L), (odd.Ended, odd.Outcomes.Sum()));
        Assert.Equal(0.0, odd.SuccessRate);
    }
}
