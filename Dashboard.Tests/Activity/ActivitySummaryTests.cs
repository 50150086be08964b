using System.Text.Json;
using Dashboard.Activity;
using Dashboard.Catalogue;
using Dashboard.Ingestion;

namespace Dashboard.Tests.Activity;

/// <summary>
/// The summary, subject, domain and severity of every event type (docs/activity.md), with the context a request can
/// have (folded state, earlier events of the same request) and without it (a shorter text).
/// </summary>
public sealed class ActivitySummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_catalogue_type_has_its_own_domain_and_summary()
    {
        Assert.Equal(18, EventTypes.All.Count);
        foreach (var type in EventTypes.All)
        {
            var line = Describe(Event(type, MinimalData(type)), new ActivityContext());
            Assert.DoesNotContain(" event", line.Summary, StringComparison.Ordinal);
            Assert.Contains(line.Severity, ActivitySeverity.All);
            Assert.InRange(line.Summary.Length, 1, 200);
            var expected = type switch
            {
                _ when type.StartsWith("call.", StringComparison.Ordinal) || type is "campaign.updated" or "agent.status_changed" => "voice",
                _ when type.StartsWith("chat.", StringComparison.Ordinal) || type is "csat.submitted" => "chat",
                "metric.reported" => "kpi",
                "notification.created" => "notification",
                _ => "commerce",
            };
            Assert.Equal(expected, line.Domain);
        }
    }

    [Fact]
    public void Call_events_with_folded_context_name_the_agent_the_wait_and_the_queue()
    {
        var context = new ActivityContext();
        context.AgentNames["a-1"] = "Ana";
        context.Call("c-17").Queue = "support";
        context.Call("c-17").QueuedAt = T0;

        var answered = Describe(Event("call.answered", new { callId = "c-17", agentId = "a-1" }, T0.AddSeconds(42)), context);
        Assert.Equal(("Call c-17 answered by Ana after 0:42 in support", "success", "c-17"), (answered.Summary, answered.Severity, answered.Subject));

        var ended = Describe(Event("call.ended", new { callId = "c-17", outcome = "completed" }, T0.AddSeconds(42 + 192)), context);
        Assert.Equal(("Call c-17 completed after 3:12 with Ana in support", "success"), (ended.Summary, ended.Severity));
    }

    [Fact]
    public void Call_events_without_context_say_only_what_their_data_holds()
    {
        var answered = Describe(Event("call.answered", new { callId = "c-17" }), new ActivityContext());
        Assert.Equal("Call c-17 answered", answered.Summary);
        var withAgent = Describe(Event("call.answered", new { callId = "c-17", agentId = "a-9" }), new ActivityContext());
        Assert.Equal("Call c-17 answered by a-9", withAgent.Summary);
        var started = Describe(Event("call.started", new { callId = "c-1", direction = "inbound" }), new ActivityContext());
        Assert.Equal(("Inbound call c-1 started", "info"), (started.Summary, started.Severity));
        var queued = Describe(Event("call.queued", new { callId = "c-1", queue = "sales" }), new ActivityContext());
        Assert.Equal("Call c-1 queued in sales", queued.Summary);
        var ended = Describe(Event("call.ended", new { callId = "c-1", outcome = "busy" }), new ActivityContext());
        Assert.Equal(("Call c-1 ended busy", "info"), (ended.Summary, ended.Severity));
        var talked = Describe(Event("call.ended", new { callId = "c-1", outcome = "converted", durationSeconds = 3725 }), new ActivityContext());
        Assert.Equal(("Call c-1 converted after 1:02:05", "success"), (talked.Summary, talked.Severity));
    }

    [Fact]
    public void Earlier_events_of_the_same_request_are_context_for_later_ones()
    {
        var context = new ActivityContext();
        var lines = new[]
        {
            Event("agent.status_changed", new { agentId = "a-1", name = "Ana", status = "available" }, T0),
            Event("call.started", new { callId = "c-5", direction = "inbound", queue = "support" }, T0),
            Event("call.queued", new { callId = "c-5", queue = "support" }, T0.AddSeconds(3)),
            Event("call.answered", new { callId = "c-5", agentId = "a-1" }, T0.AddSeconds(68)),
            Event("call.ended", new { callId = "c-5", outcome = "abandoned" }, T0.AddSeconds(70)),
        }.Select(e => Describe(e, context)).ToList();

        Assert.Equal("Ana (a-1) is available", lines[0].Summary);
        Assert.Equal("Inbound call c-5 started in support", lines[1].Summary);
        Assert.Equal("Call c-5 answered by Ana after 1:05 in support", lines[3].Summary);
        Assert.Equal(("Call c-5 abandoned after 1:07 in support", "warning"), (lines[4].Summary, lines[4].Severity));
    }

    [Fact]
    public void Events_sent_together_without_times_say_no_wait_of_zero()
    {
        var context = new ActivityContext();
        Describe(Event("call.queued", new { callId = "c-1", queue = "support" }, T0), context);
        var answered = Describe(Event("call.answered", new { callId = "c-1" }, T0.AddMilliseconds(300)), context);
        Assert.Equal("Call c-1 answered in support", answered.Summary);
    }

    [Theory]
    [InlineData("failed", "warning", "Call c-1 failed")]
    [InlineData("abandoned", "warning", "Call c-1 abandoned")]
    [InlineData("completed", "success", "Call c-1 completed")]
    [InlineData("converted", "success", "Call c-1 converted")]
    [InlineData("no_answer", "info", "Call c-1 not answered")]
    [InlineData("voicemail", "info", "Call c-1 went to voicemail")]
    [InlineData("canceled", "info", "Call c-1 canceled")]
    [InlineData("opted_out", "info", "Call c-1 ended: opted out")]
    public void Call_outcomes_have_their_severity(string outcome, string severity, string summary)
    {
        var line = Describe(Event("call.ended", new { callId = "c-1", outcome }), new ActivityContext());
        Assert.Equal((summary, severity), (line.Summary, line.Severity));
    }

    [Fact]
    public void Campaign_and_agent_summaries()
    {
        var campaign = Describe(Event("campaign.updated", new { campaignId = "c-1", name = "Spring", status = "paused", queueDepth = 120 }), new ActivityContext());
        Assert.Equal(("Campaign Spring (c-1) paused, 120 contacts to dial", "info", "c-1"), (campaign.Summary, campaign.Severity, campaign.Subject));
        var done = Describe(Event("campaign.updated", new { campaignId = "c-2", status = "completed" }), new ActivityContext());
        Assert.Equal(("Campaign c-2 completed", "success"), (done.Summary, done.Severity));
        Assert.Equal("Campaign c-3 updated", Describe(Event("campaign.updated", new { campaignId = "c-3" }), new ActivityContext()).Summary);

        var context = new ActivityContext();
        Assert.Equal("Agent a-2 went offline", Describe(Event("agent.status_changed", new { agentId = "a-2", status = "offline" }), context).Summary);
        context.AgentNames["a-2"] = "Bo";
        Assert.Equal("Bo (a-2) is in after-call work", Describe(Event("agent.status_changed", new { agentId = "a-2", status = "after_call_work" }), context).Summary);
    }

    [Fact]
    public void Chat_sessions_with_and_without_context()
    {
        var context = new ActivityContext();
        context.AgentNames["a-1"] = "Ana";
        context.AgentNames["a-2"] = "Bo";
        var started = Describe(Event("chat.session_started", new { sessionId = "s-3", channel = "web" }, T0), context);
        Assert.Equal("Chat s-3 started on web, waiting", started.Summary);
        var assigned = Describe(Event("chat.session_assigned", new { sessionId = "s-3", agentId = "a-1" }, T0.AddSeconds(65)), context);
        Assert.Equal(("Chat s-3 assigned to Ana after 1:05 (web)", "s-3"), (assigned.Summary, assigned.Subject));
        var transferred = Describe(Event("chat.session_assigned", new { sessionId = "s-3", agentId = "a-2" }, T0.AddSeconds(90)), context);
        Assert.Equal("Chat s-3 transferred to Bo (web)", transferred.Summary);
        var message = Describe(Event("chat.message", new { sessionId = "s-3", messageId = "m-1", kind = "image", sender = "agent" }, T0.AddSeconds(95)), context);
        Assert.Equal("Bo sent an image in chat s-3 (web)", message.Summary);
        var closed = Describe(Event("chat.session_closed", new { sessionId = "s-3", resolved = true }, T0.AddSeconds(750)), context);
        Assert.Equal(("Chat s-3 resolved after 12:30 by Bo (web)", "success"), (closed.Summary, closed.Severity));

        var bare = new ActivityContext();
        Assert.Equal("Chat s-9 assigned to a-4", Describe(Event("chat.session_assigned", new { sessionId = "s-9", agentId = "a-4" }), bare).Summary);
        Assert.Equal(("Chat s-8 closed", "info"), Pair(Describe(Event("chat.session_closed", new { sessionId = "s-8" }), bare)));
        Assert.Equal("Chat s-7 started, waiting", Describe(Event("chat.session_started", new { sessionId = "s-7" }), bare).Summary);
        Assert.Equal("Customer sent a message in chat s-6", Describe(Event("chat.message", new { sessionId = "s-6", messageId = "m", kind = "text", sender = "customer" }), bare).Summary);
    }

    [Fact]
    public void Message_statuses_and_csat_have_their_severity()
    {
        var bare = new ActivityContext();
        Assert.Equal(("Message m-1 failed to deliver", "warning"), Pair(Describe(Event("chat.message_status", new { messageId = "m-1", status = "failed" }), bare)));
        Assert.Equal(("Message m-1 read", "info"), Pair(Describe(Event("chat.message_status", new { messageId = "m-1", status = "read" }), bare)));

        var context = new ActivityContext();
        context.AgentNames["a-1"] = "Ana";
        context.Session("s-3").AgentId = "a-1";
        var low = Describe(Event("csat.submitted", new { score = 2, sessionId = "s-3" }), context);
        Assert.Equal(("CSAT 2/5 for chat s-3 (Ana)", "warning", "s-3"), (low.Summary, low.Severity, low.Subject));
        Assert.Equal(("CSAT 1/5 for call c-1", "warning"), Pair(Describe(Event("csat.submitted", new { score = 1, callId = "c-1" }), bare)));
        Assert.Equal(("CSAT 3/5", "info"), Pair(Describe(Event("csat.submitted", new { score = 3 }), bare)));
        Assert.Equal(("CSAT 5/5 (a-7)", "success"), Pair(Describe(Event("csat.submitted", new { score = 5, agentId = "a-7" }), bare)));
    }

    [Fact]
    public void Commerce_summaries_and_severities()
    {
        var bare = new ActivityContext();
        Assert.Equal(("Refund of 12.50 EUR on t-9", "info"), Pair(Describe(Event("transaction.updated", new { transactionId = "t-9", amount = 12.5m, currency = "EUR", status = "refunded" }), bare)));
        Assert.Equal(("Payment of 3.00 USD failed on t-1", "warning"), Pair(Describe(Event("transaction.updated", new { transactionId = "t-1", amount = 3, currency = "USD", status = "failed" }), bare)));
        Assert.Equal(("Payment of 0.125 USD completed on t-2", "success"), Pair(Describe(Event("transaction.updated", new { transactionId = "t-2", amount = 0.125m, currency = "USD", status = "completed" }), bare)));
        Assert.Equal(("Payment of 9.99 GBP pending on t-3", "info"), Pair(Describe(Event("transaction.updated", new { transactionId = "t-3", amount = 9.99m, currency = "GBP", status = "pending" }), bare)));
        Assert.Equal("User u-1 active", Describe(Event("user.active", new { userId = "u-1" }), bare).Summary);
        Assert.Equal("Content k-1 viewed by u-1", Describe(Event("content.viewed", new { contentId = "k-1", userId = "u-1" }), bare).Summary);
        Assert.Equal("Content k-1 viewed", Describe(Event("content.viewed", new { contentId = "k-1" }), bare).Summary);
        Assert.Equal(("Content k-2 purchased for 4.99 EUR", "success"), Pair(Describe(Event("content.purchased", new { contentId = "k-2", amount = 4.99m, currency = "EUR" }), bare)));
        Assert.Equal("Content k-2 purchased", Describe(Event("content.purchased", new { contentId = "k-2" }), bare).Summary);
    }

    [Fact]
    public void Kpi_reports_show_the_canonical_series_key_and_the_value()
    {
        var gauge = Describe(Event("metric.reported", new { name = "leads", value = 12, labels = new { region = "eu" } }), new ActivityContext());
        Assert.Equal(("leads{region=\"eu\"} = 12", "leads{region=\"eu\"}", "info"), (gauge.Summary, gauge.Subject, gauge.Severity));
        var counter = Describe(Event("metric.reported", new { name = "ai", value = 3, kind = "counter", labels = new { channel = "web", bot = "a\"b" } }), new ActivityContext());
        Assert.Equal("ai{bot=\"a\\\"b\",channel=\"web\"} +3", counter.Summary);
        Assert.Equal("x = 0.5", Describe(Event("metric.reported", new { name = "x", value = 0.5 }), new ActivityContext()).Summary);
    }

    [Theory]
    [InlineData("error", "error")]
    [InlineData("warning", "warning")]
    [InlineData("success", "success")]
    [InlineData("loud", "info")]
    public void A_notification_is_its_title_at_its_own_severity(string severity, string expected)
    {
        var line = Describe(Event("notification.created", new { title = "Disk almost full", message = "92 %", severity, category = "ops" }), new ActivityContext());
        Assert.Equal(("Disk almost full", expected, "ops", "notification"), (line.Summary, line.Severity, line.Subject, line.Domain));
    }

    [Fact]
    public void Summaries_and_subjects_are_cut_to_200_characters()
    {
        var longId = new string('x', 198) + "\U0001F600" + new string('y', 100);
        var line = Describe(Event("chat.session_assigned", new { sessionId = longId, agentId = longId }), new ActivityContext());
        Assert.Equal(200, line.Summary.Length);
        Assert.EndsWith("…", line.Summary, StringComparison.Ordinal);
        // The 199th and 200th characters are one emoji: the cut keeps neither half.
        Assert.Equal(new string('x', 198) + "…", line.Subject);
        var title = Describe(Event("notification.created", new { title = new string('t', 300), message = "m", severity = "info" }), new ActivityContext());
        Assert.Equal(new string('t', 199) + "…", title.Summary);
    }

    [Fact]
    public void Options_validation_names_the_key()
    {
        var validator = new ActivityOptionsValidator();
        Assert.True(validator.Validate(null, new ActivityOptions()).Succeeded);
        Assert.True(validator.Validate(null, new ActivityOptions { MaxMessagesPerRequest = 1000 }).Succeeded);
        foreach (var bad in new[] { 0, 1001 })
        {
            var result = validator.Validate(null, new ActivityOptions { MaxMessagesPerRequest = bad });
            Assert.True(result.Failed);
            Assert.Contains("Activity:MaxMessagesPerRequest", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private static (string Summary, string Severity) Pair(EventActivityLine line) => (line.Summary, line.Severity);

    private static EventActivityLine Describe(CloudEvent e, ActivityContext context) => ActivitySummaries.Describe(e, context);

    private static CloudEvent Event(string type, object data, DateTimeOffset? time = null) =>
        new(Guid.NewGuid().ToString("N"), "/test", type, null, time ?? T0, JsonSerializer.SerializeToElement(data));

    private static object MinimalData(string type) => type switch
    {
        "call.started" => new { callId = "c", direction = "inbound" },
        "call.queued" => new { callId = "c", queue = "q" },
        "call.answered" => new { callId = "c" },
        "call.ended" => new { callId = "c", outcome = "completed" },
        "campaign.updated" => new { campaignId = "k" },
        "agent.status_changed" => new { agentId = "a", status = "available" },
        "chat.session_started" => new { sessionId = "s" },
        "chat.session_assigned" => new { sessionId = "s", agentId = "a" },
        "chat.session_closed" => new { sessionId = "s" },
        "chat.message" => new { sessionId = "s", messageId = "m", kind = "text", sender = "customer" },
        "chat.message_status" => new { messageId = "m", status = "sent" },
        "csat.submitted" => new { score = 4 },
        "transaction.updated" => new { transactionId = "t", amount = 1, currency = "EUR", status = "completed" },
        "user.active" => new { userId = "u" },
        "content.viewed" => new { contentId = "k" },
        "content.purchased" => new { contentId = "k" },
        "metric.reported" => new { name = "m", value = 1 },
        _ => new { title = "t", message = "m", severity = "info" },
    };
}
