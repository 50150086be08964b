using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Faults;

/// <summary>
/// The fault tests' loss oracle (<see cref="StreamRecorder.LossesAsync"/>): a jump announced by <c>resync</c> is no loss,
/// also when the snapshot after the resync is older than what the client had (the stream's newest snapshot was published
/// before the lost seqs, docs/protocol.md §9); an unannounced jump is one.
/// </summary>
public sealed class StreamRecorderTests : FreshDatabaseTests
{
    [Fact]
    public async Task A_resync_then_an_older_snapshot_then_a_jump_is_announced()
    {
        var messages = Parse(
            Data(28, "call_event"), Data(29, "active_calls_update"), Data(30, "call_event"), Data(31, "call_event"),
            """{"type":"resync","topic":"calls"}""", Data(29, "active_calls_update"), Data(40, "call_event"), Data(41, "call_event"));

        Assert.Empty(await StreamRecorder.LossesAsync(Db.ConnectionString, "t", "calls", 27, messages));
    }

    [Fact]
    public async Task A_jump_without_a_resync_or_after_the_message_that_followed_one_is_a_loss()
    {
        var unannounced = Parse(Data(28, "call_event"), Data(29, "call_event"), Data(33, "call_event"));
        var later = Parse(
            Data(28, "call_event"), """{"type":"resync","topic":"calls"}""", Data(20, "active_calls_update"), Data(40, "call_event"), Data(45, "call_event"));

        var first = await StreamRecorder.LossesAsync(Db.ConnectionString, "t", "calls", 27, unannounced);
        var second = await StreamRecorder.LossesAsync(Db.ConnectionString, "t", "calls", 27, later);

        Assert.Contains("seq 30 skipped, not in the log", first);
        Assert.Contains("seq 32 skipped, not in the log", first);
        Assert.Contains("seq 41 skipped, not in the log", second);
        Assert.DoesNotContain(second, l => l.Contains("seq 21 ", StringComparison.Ordinal) || l.Contains("seq 39 ", StringComparison.Ordinal));
    }

    private static string Data(long seq, string type) =>
        JsonSerializer.Serialize(new { type, topic = "calls", seq, ts = "2026-12-05T00:00:00.000Z", data = new { } });

    private static List<JsonElement> Parse(params string[] json) => [.. json.Select(j => JsonDocument.Parse(j).RootElement.Clone())];
}
