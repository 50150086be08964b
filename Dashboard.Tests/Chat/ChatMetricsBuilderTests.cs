using Dashboard.Calendar;
using Dashboard.Chat;

namespace Dashboard.Tests.Chat;

/// <summary>The pure parts: the peak hour's tie rule, and what "unchanged" compares a <c>chat_update</c> by.</summary>
public sealed class ChatMetricsBuilderTests
{
    private static readonly DateTime Now = new(2025, 6, 2, 10, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void The_peak_hour_is_the_latest_of_the_busiest_hours()
    {
        var hours = new Dictionary<DateTime, long>
        {
            [Now.Date.AddHours(-2)] = 7, [Now.Date.AddHours(8)] = 7, [Now.Date.AddHours(9)] = 3, [Now.Date.AddHours(-20)] = 99,
        };

        var m = ChatMetricsBuilder.Messages([], hours, ChatMetricsBuilder.LastHours(BusinessCalendar.Utc, Now));

        // Yesterday 04:00 is outside the last 24 hours (from yesterday 11:00).
        Assert.Equal(new HourCount(Now.Date.AddHours(8), 7), m.PeakHour);
        Assert.Equal(17, m.PerHour.Sum(h => h.Count));
        Assert.Equal(Now.Date.AddHours(10), m.PerHour[^1].Hour);
    }

    [Fact]
    public void The_comparable_ignores_the_clock_but_sees_every_other_change_by_value()
    {
        var rows = Rows(Now.AddSeconds(-30), score: 5);
        var first = Build(rows, Now);
        var later = Build(rows, Now.AddSeconds(7));

        // Waits and computedAt moved; lists and dictionaries are new instances with equal contents.
        Assert.NotEqual(first.LongestWaitSeconds, later.LongestWaitSeconds);
        Assert.NotSame(first.Csat.Distribution, later.Csat.Distribution);
        Assert.Equal(new ChatComparable(first), new ChatComparable(later));
        Assert.Equal(new ChatComparable(first).GetHashCode(), new ChatComparable(later).GetHashCode());

        // Another score (same count), another waiting start, another message hour: each is a change.
        Assert.NotEqual(new ChatComparable(first), new ChatComparable(Build(Rows(Now.AddSeconds(-30), score: 4), Now)));
        Assert.NotEqual(new ChatComparable(first), new ChatComparable(Build(Rows(Now.AddSeconds(-31), score: 5), Now)));
        Assert.NotEqual(new ChatComparable(first), new ChatComparable(Build(rows with { PerHour = new Dictionary<DateTime, long> { [Now.Date.AddHours(9)] = 1 } }, Now)));
    }

    private static ChatUpdate Build(ChatTenantRows rows, DateTime now) => ChatMetricsBuilder.Build("t", BusinessCalendar.Utc, rows, now).Update;

    private static ChatTenantRows Rows(DateTime waitingSince, int score) => ChatTenantRows.Empty with
    {
        Open = [new ChatOpenCount(null, 1), new ChatOpenCount("a-1", 2)],
        Waiting = [new ChatWaitingRow("s-1", "web", waitingSince)],
        Csat = [new ChatCsatCount("a-1", score, 1)],
        Messages = [new ChatMessageCount("agent", "text", "read", 3)],
        PerHour = new Dictionary<DateTime, long> { [Now.Date.AddHours(10)] = 3 },
    };
}
