using Dashboard.Chat;
using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary><c>chat_update</c> snapshots for the Chat page, Wallboard and Overview tests, published as the tick does.</summary>
internal static class ChatPageData
{
    /// <summary>Start of the current UTC hour.</summary>
    public static DateTime HourOf(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A day of chat as of <paramref name="computedAt"/>: the <paramref name="waiting"/> sessions (id, channel, waiting
    /// since), 3 active, two agents, 5 CSAT responses (80 %), 120 messages with the peak 2 hours before the current one.
    /// </summary>
    public static ChatUpdate Update(DateTime computedAt, params (string Id, string? Channel, DateTime StartedAt)[] waiting)
    {
        var sessions = waiting.Select(w => new WaitingSession(w.Id, w.Channel, Math.Round((computedAt - w.StartedAt).TotalSeconds, 1), w.StartedAt)).ToList();
        var hour = HourOf(computedAt);
        var perHour = Enumerable.Range(0, 24).Select(i => new HourCount(hour.AddHours(i - 23), i == 21 ? 40 : i >= 18 ? 10 + i % 3 : 0)).ToList();
        return new ChatUpdate(
            "UTC",
            computedAt.Date,
            new ChatSessionCounts(3, waiting.Length, 10, 8),
            sessions,
            sessions.Count > 0 ? sessions.Max(s => s.WaitingSeconds) : null,
            12.5,
            30.1,
            300.0,
            [
                new ChatAgent("a-1", "Ana", 2, 5, 20.0, 250.0, 0.8),
                new ChatAgent("a-2", "Bo, \"the\" night shift", 1, 3, 95.0, null, 0.5),
            ],
            new CsatSummary(5, new Dictionary<string, long> { ["1"] = 0, ["2"] = 1, ["3"] = 0, ["4"] = 2, ["5"] = 2 }, 0.8, 4.0),
            new MessageSummary(
                120,
                new Dictionary<string, long> { ["text"] = 100, ["image"] = 10, ["file"] = 5, ["audio"] = 3, ["video"] = 2 },
                new Dictionary<string, long> { ["sent"] = 20, ["delivered"] = 30, ["read"] = 65, ["failed"] = 5 },
                0.9, 0.6, 0.05,
                perHour,
                perHour.MaxBy(h => h.Count)),
            computedAt);
    }

    /// <summary>A tenant whose chat state is all zeros: the empty domain.</summary>
    public static ChatUpdate Empty(DateTime computedAt)
    {
        var hour = HourOf(computedAt);
        var zeros = new[] { "text", "image", "file", "audio", "video" }.ToDictionary(k => k, _ => 0L);
        return new ChatUpdate(
            "UTC", computedAt.Date, new ChatSessionCounts(0, 0, 0, 0), [], null, null, null, null, [],
            new CsatSummary(0, new Dictionary<string, long> { ["1"] = 0, ["2"] = 0, ["3"] = 0, ["4"] = 0, ["5"] = 0 }, null, null),
            new MessageSummary(0, zeros, new Dictionary<string, long> { ["sent"] = 0, ["delivered"] = 0, ["read"] = 0, ["failed"] = 0 },
                null, null, null, [.. Enumerable.Range(0, 24).Select(i => new HourCount(hour.AddHours(i - 23), 0))], null),
            computedAt);
    }

    /// <summary>Publishes <paramref name="update"/> on <c>chat</c> as a snapshot.</summary>
    public static Task PublishChatAsync(DashboardServer server, string tenant, ChatUpdate update) =>
        server.PublishAsync(tenant, Topics.Chat, ChatMessageTypes.ChatUpdate, update, isSnapshot: true);
}
