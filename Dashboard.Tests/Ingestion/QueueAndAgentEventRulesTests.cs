using Dashboard.Ingestion;
using System.Text.Json;

namespace Dashboard.Tests.Ingestion;

/// <summary>The <c>data</c> rules of <c>call.queued</c> and <c>agent.status_changed</c> (docs/events.md §2), checked by the validator itself.</summary>
public sealed class QueueAndAgentEventRulesTests
{
    private static List<(string Field, string Reason)> Errors(string type, string data)
    {
        using var doc = JsonDocument.Parse($$"""{"specversion":"1.0","id":"1","source":"/acd","type":"{{type}}","data":{{data}}}""");
        var errors = new EventErrorCollector();
        errors.BeginEvent(0);
        var valid = CloudEventValidator.Validate(doc.RootElement, DateTimeOffset.UnixEpoch, errors);
        Assert.Equal(errors.Errors.Count == 0, valid is not null);
        return [.. errors.Errors.Select(e => (e.Field, e.Reason))];
    }

    [Theory]
    [InlineData("call.queued", """{"callId":"c-1","queue":"support"}""")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"available"}""")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","name":"Ada L.","status":"after_call_work","queues":["support","sales"]}""")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","name":null,"status":"offline","queues":[]}""")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"on_call","queues":null}""")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"busy","reason":"lunch"}""")]
    public void Valid_data_is_accepted(string type, string data)
    {
        Assert.Empty(Errors(type, data));
    }

    [Theory]
    [InlineData("call.queued", """{"queue":"support"}""", "data.callId", "required")]
    [InlineData("call.queued", """{"callId":"c-1"}""", "data.queue", "required")]
    [InlineData("call.queued", """{"callId":"c-1","queue":""}""", "data.queue", "non-empty")]
    [InlineData("call.queued", """{"callId":"c-1","queue":7}""", "data.queue", "string")]
    [InlineData("agent.status_changed", """{"status":"available"}""", "data.agentId", "required")]
    [InlineData("agent.status_changed", """{"agentId":"a-1"}""", "data.status", "after_call_work")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"Available"}""", "data.status", "on_call")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"away"}""", "data.status", "offline")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"busy","name":5}""", "data.name", "string")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"busy","queues":"support"}""", "data.queues", "array")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"busy","queues":["support",""]}""", "data.queues[1]", "non-empty")]
    [InlineData("agent.status_changed", """{"agentId":"a-1","status":"busy","queues":[null]}""", "data.queues[0]", "string")]
    public void Invalid_data_names_the_member(string type, string data, string field, string reasonWord)
    {
        var (actualField, reason) = Assert.Single(Errors(type, data));
        Assert.Equal(field, actualField);
        Assert.Contains(reasonWord, reason, StringComparison.Ordinal);
    }
}
