using Dashboard.Realtime;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Webhooks;

/// <summary><c>POST /api/v1/webhooks/twilio/voice</c> on real Kestrel and PostgreSQL, signed as Twilio signs.</summary>
public sealed class TwilioWebhookTests(WebhookServer server) : IClassFixture<WebhookServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_signed_callback_sequence_is_stored_published_and_a_retry_is_a_duplicate()
    {
        var callSid = NewCallSid();
        var hub = server.Services.GetRequiredService<RealtimeHub>();
        var calls = new RecordingSubscriber().Subscribe(hub, server.TwilioTenant, Topics.Calls);
        using var http = server.Http();

        using (var ringing = await PostAsync(http, Callback(callSid, "ringing", Ts("14:30:00"), sequence: 1)))
        {
            await ringing.AssertAcceptedAsync(1, 0);
        }

        using (var answered = await PostAsync(http, Callback(callSid, "in-progress", Ts("14:30:05"), sequence: 2)))
        {
            // call.started again (a duplicate of the ringing one) and the new call.answered.
            await answered.AssertAcceptedAsync(1, 1);
        }

        var completed = Callback(callSid, "completed", Ts("14:31:05"), sequence: 3, duration: 60);
        using (var ended = await PostAsync(http, completed))
        {
            await ended.AssertAcceptedAsync(1, 2);
        }

        using (var retry = await PostAsync(http, completed))
        {
            await retry.AssertAcceptedAsync(0, 3);
        }

        var stored = await server.EventsAboutAsync(server.TwilioTenant, callSid);
        Assert.Equal(
            [($"{callSid}:started", "call.started"), ($"{callSid}:answered", "call.answered"), ($"{callSid}:ended", "call.ended")],
            stored.Select(e => (e.Id, e.Type)));
        Assert.All(stored, e => Assert.Equal($"urn:twilio:account:{WebhookServer.AccountSid}", e.Source));

        var endedMessage = await calls.WaitForAsync(m => m.Type == "call_event" && Data(m, "event") == "call_ended", Wait);
        var data = RecordingSubscriber.Data(endedMessage);
        Assert.Equal(callSid, data.GetProperty("callId").GetString());
        Assert.Equal("completed", data.GetProperty("outcome").GetString());
        Assert.Equal(60, data.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(At("14:31:05").ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), data.GetProperty("time").GetString());
        Assert.Equal(["call_started", "call_answered", "call_ended"], calls.Messages.Where(m => m.Type == "call_event").Select(m => Data(m, "event")));
        var started = RecordingSubscriber.Data(calls.Messages.First(m => m.Type == "call_event"));
        Assert.Equal("outbound", started.GetProperty("direction").GetString());

        var state = await server.WaitForCallAsync(server.TwilioTenant, callSid, c => c.EndedAt is not null);
        Assert.Equal(new CallState("outbound", null, At("14:30:00"), At("14:30:05"), At("14:31:05"), "completed", 60), state);
    }

    [Fact]
    public async Task Callbacks_out_of_sequence_order_give_the_same_final_state()
    {
        var callSid = NewCallSid();
        using var http = server.Http();

        // SequenceNumber 3, then 2, then 0: the terminal callback first, the call's start last.
        using (var completed = await PostAsync(http, Callback(callSid, "completed", Ts("09:02:00"), sequence: 3, duration: 90, direction: "inbound")))
        {
            await completed.AssertAcceptedAsync(3, 0);
        }

        using (var inProgress = await PostAsync(http, Callback(callSid, "in-progress", Ts("09:00:30"), sequence: 2, direction: "inbound")))
        {
            await inProgress.AssertAcceptedAsync(0, 2);
        }

        using (var initiated = await PostAsync(http, Callback(callSid, "initiated", Ts("09:00:00"), sequence: 0, direction: "inbound")))
        {
            await initiated.AssertAcceptedAsync(0, 1);
        }

        var state = await server.WaitForCallAsync(server.TwilioTenant, callSid, c => c.EndedAt is not null);
        Assert.Equal("inbound", state.Direction);
        Assert.Equal("completed", state.Outcome);
        Assert.Equal(90, state.DurationSeconds);
        Assert.Equal(At("09:02:00"), state.EndedAt);
        // Answered (not left ringing), at hang-up minus CallDuration, and never re-opened by the late in-progress.
        Assert.Equal(At("09:00:30"), state.AnsweredAt);
        Assert.Equal(At("09:00:30"), state.StartedAt);
    }

    [Fact]
    public async Task A_terminal_failure_alone_describes_an_unanswered_call()
    {
        var callSid = NewCallSid();
        using var http = server.Http();
        using (var busy = await PostAsync(http, Callback(callSid, "no-answer", Ts("10:00:00"), sequence: 4, duration: 0)))
        {
            await busy.AssertAcceptedAsync(2, 0);
        }

        var state = await server.WaitForCallAsync(server.TwilioTenant, callSid, c => c.EndedAt is not null);
        Assert.Equal("no_answer", state.Outcome);
        Assert.Null(state.AnsweredAt);
        Assert.Equal("outbound", state.Direction);
    }

    [Fact]
    public async Task A_forged_missing_or_foreign_signature_is_refused_and_nothing_is_stored()
    {
        var callSid = NewCallSid();
        using var http = server.Http();
        var form = Callback(callSid, "completed", Ts("11:00:00"), sequence: 3, duration: 12);

        using (var forged = await PostAsync(http, form, WebhookServer.TwilioSign("not-the-token", Url, form)))
        {
            await forged.AssertProblemAsync(403);
        }

        // Signed correctly, then changed: the duration is part of what was signed.
        var tampered = form.Select(p => p.Key == "CallDuration" ? new KeyValuePair<string, string>(p.Key, "9999") : p).ToList();
        using (var changed = await PostAsync(http, tampered, WebhookServer.TwilioSign(server.AuthToken, Url, form)))
        {
            await changed.AssertProblemAsync(403);
        }

        // Signed for Kestrel's own URL, not the public one Twilio calls behind the proxy.
        var kestrelUrl = new Uri(server.BaseAddress, WebhookServer.TwilioPath).ToString();
        using (var wrongUrl = await PostAsync(http, form, WebhookServer.TwilioSign(server.AuthToken, kestrelUrl, form)))
        {
            await wrongUrl.AssertProblemAsync(403);
        }

        using (var missing = await PostAsync(http, form, signature: null))
        {
            await missing.AssertProblemAsync(401);
        }

        var foreign = form.Select(p => p.Key == "AccountSid" ? new KeyValuePair<string, string>(p.Key, "AC" + new string('f', 32)) : p).ToList();
        using (var unknown = await PostAsync(http, foreign, WebhookServer.TwilioSign(server.AuthToken, Url, foreign)))
        {
            await unknown.AssertProblemAsync(403);
        }

        Assert.Empty(await server.EventsAboutAsync(server.TwilioTenant, callSid));
    }

    [Fact]
    public async Task A_signed_but_malformed_callback_is_a_400_and_nothing_is_stored()
    {
        var callSid = NewCallSid();
        using var http = server.Http();
        var form = Callback(callSid, "answered-ish", Ts("12:00:00"), sequence: 1);
        using (var response = await PostAsync(http, form))
        {
            var problem = await response.AssertProblemAsync(400);
            Assert.Contains("CallStatus", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var badTime = Callback(callSid, "ringing", "yesterday", sequence: 1);
        using (var response = await PostAsync(http, badTime))
        {
            await response.AssertProblemAsync(400);
        }

        // A signed callback older than the time window is held to it like any producer's event (docs/limits.md).
        var stale = Callback(callSid, "ringing", Day.AddDays(-40).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture), sequence: 1);
        using (var response = await PostAsync(http, stale))
        {
            var problem = await response.AssertProblemAsync(400);
            Assert.Contains("Ingestion:MaxEventAgeDays", problem.GetRawText(), StringComparison.Ordinal);
            Assert.Contains("\"time\"", problem.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Empty(await server.EventsAboutAsync(server.TwilioTenant, callSid));
    }

    private static string Url => WebhookServer.PublicBaseUrl + WebhookServer.TwilioPath + "?source=test";

    private static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    // Yesterday (UTC): inside the time window every ingested event must fall in (Ingestion:MaxEventAgeDays, docs/limits.md).
    private static readonly DateTime Day = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(-1), DateTimeKind.Utc);

    private static DateTime At(string time) => Day + TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    // Twilio's Timestamp: RFC 1123 with a numeric zone.
    private static string Ts(string time) =>
        At(time).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Data(HubMessage message, string member) => RecordingSubscriber.Data(message).GetProperty(member).GetString();

    private static List<KeyValuePair<string, string>> Callback(
        string callSid, string status, string timestamp, int sequence, int? duration = null, string direction = "outbound-api")
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", WebhookServer.AccountSid),
            new("CallSid", callSid),
            new("CallStatus", status),
            new("Direction", direction),
            new("From", "+14158675309"),
            new("To", "+18005551212"),
            new("SequenceNumber", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Timestamp", timestamp),
            new("ApiVersion", "2010-04-01"),
            new("CallbackSource", "call-progress-events"),
        };
        if (duration is { } d)
        {
            form.Add(new("CallDuration", d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return form;
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient http, List<KeyValuePair<string, string>> form) =>
        PostAsync(http, form, WebhookServer.TwilioSign(server.AuthToken, Url, form));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, List<KeyValuePair<string, string>> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookServer.TwilioPath + "?source=test") { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return http.SendAsync(request);
    }
}
