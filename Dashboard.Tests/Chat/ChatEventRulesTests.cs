using Dashboard.Ingestion;
using System.Text.Json;

namespace Dashboard.Tests.Chat;

/// <summary>Ingestion's rules for the chat and CSAT members the chat fold reads (docs/events.md §3).</summary>
public sealed class ChatEventRulesTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("chat.session_started", """{"sessionId":"s","channel":"whatsapp"}""", null)]
    [InlineData("chat.session_started", """{"sessionId":"s"}""", null)]
    [InlineData("chat.session_started", """{}""", "data.sessionId")]
    [InlineData("chat.session_assigned", """{"sessionId":"s","agentId":"a"}""", null)]
    [InlineData("chat.session_closed", """{"sessionId":"s","resolved":true}""", null)]
    [InlineData("chat.session_closed", """{"sessionId":"s","resolved":null}""", null)]
    [InlineData("chat.session_closed", """{"sessionId":"s","resolved":"yes"}""", "data.resolved")]
    [InlineData("chat.session_closed", """{"sessionId":"s","resolved":1}""", "data.resolved")]
    [InlineData("chat.message", """{"sessionId":"s","messageId":"m","kind":"video","sender":"customer"}""", null)]
    [InlineData("chat.message", """{"sessionId":"s","messageId":"m","sender":"agent"}""", "data.kind")]
    [InlineData("chat.message", """{"sessionId":"s","messageId":"m","kind":"sticker","sender":"agent"}""", "data.kind")]
    [InlineData("chat.message", """{"sessionId":"s","messageId":"m","kind":"text","sender":"bot"}""", "data.sender")]
    [InlineData("chat.message", """{"sessionId":"s","messageId":"m","kind":"Text","sender":"agent"}""", "data.kind")]
    [InlineData("chat.message_status", """{"messageId":"m","status":"read"}""", null)]
    [InlineData("chat.message_status", """{"messageId":"m"}""", "data.status")]
    [InlineData("chat.message_status", """{"messageId":"m","status":"seen"}""", "data.status")]
    [InlineData("csat.submitted", """{"score":1}""", null)]
    [InlineData("csat.submitted", """{"score":5.0,"sessionId":"s","agentId":"a"}""", null)]
    [InlineData("csat.submitted", """{"score":0}""", "data.score")]
    [InlineData("csat.submitted", """{"score":6}""", "data.score")]
    [InlineData("csat.submitted", """{"score":4.5}""", "data.score")]
    [InlineData("csat.submitted", """{"score":"5"}""", "data.score")]
    [InlineData("csat.submitted", """{"sessionId":"s"}""", "data.score")]
    public void Each_member_the_fold_reads_is_checked_at_ingest(string type, string data, string? field)
    {
        using var doc = JsonDocument.Parse($$"""{"specversion":"1.0","id":"1","source":"/s","type":"{{type}}","data":{{data}}}""");
        var errors = new EventErrorCollector(EventLimits.Default);
        errors.BeginEvent(0);

        var valid = CloudEventValidator.Validate(doc.RootElement, Arrival, errors);

        if (field is null)
        {
            Assert.Empty(errors.Errors);
            Assert.NotNull(valid);
        }
        else
        {
            Assert.Equal(field, Assert.Single(errors.Errors).Field);
            Assert.Null(valid);
        }
    }
}
