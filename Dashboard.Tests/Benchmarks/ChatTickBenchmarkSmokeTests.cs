using Dashboard.Benchmarks.ChatTick;
using Dashboard.Benchmarks.Shared;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The chat tick benchmark still works end to end on a tiny history: the seeded events fold into the chat tables with the
/// counts the seeder promises, the real tick is timed, the report is written. The figures themselves are never asserted.
/// </summary>
public sealed class ChatTickBenchmarkSmokeTests
{
    [Fact]
    public async Task A_quick_chat_tick_benchmark_seeds_folds_times_and_reports()
    {
        var log = new StringWriter();
        var results = await ChatTickBenchmark.RunAsync([2000], ticks: 3, log, CancellationToken.None);

        var r = Assert.Single(results);
        // 200 sessions of 10 messages, 2 in 5 rated: every one of them folded into the chat tables.
        Assert.Equal(new ChatRows(200, 2000, r.Rows.Hourly, 80), r.Rows);
        Assert.True(r.Rows.Hourly > 0);
        Assert.True(r.Changed.P50 > 0 && r.Changed.P99 >= r.Changed.P50 && r.Quiet.Max >= r.Quiet.P99);

        var path = Path.Combine(Path.GetTempPath(), $"benchmarks-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "# Benchmarks\n\nintro\n");
            var section = ChatTickReport.Section(results, 3, DateTime.UtcNow, "chat-tick --messages 2000 --ticks 3");
            BenchmarkReport.WriteSection(path, "chat-tick", section);
            BenchmarkReport.WriteSection(path, "chat-tick", section);
            var text = File.ReadAllText(path);
            Assert.Equal(1, text.Split("<!-- chat-tick:begin -->").Length - 1);
            Assert.Contains("| 2,000 |", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
