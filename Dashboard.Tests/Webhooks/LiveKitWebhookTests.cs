using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Tests.Ingestion;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dashboard.Tests.Webhooks;

/// <summary><c>POST /api/v1/webhooks/livekit</c> on real Kestrel and PostgreSQL, signed as LiveKit signs.</summary>
public sealed class LiveKitWebhookTests(WebhookServer server) : IClassFixture<WebhookServer>
{
    // Yesterday: inside the time window every ingested event must fall in (Ingestion:MaxEventAgeDays, docs/limits.md).
    private static readonly long T0 = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();

    private const string Path = "/api/v1/webhooks/livekit";

    [Fact]
    public async Task Correctly_signed_room_events_are_stored_as_a_call_and_retries_are_duplicates()
    {
        var room = "RM_" + Guid.NewGuid().ToString("N")[..12];
        using var http = server.Http();

        var started = Event("room_started", room, createdAt: T0, participants: 0);
        using (var response = await PostAsync(http, started, Sign(started)))
        {
            await response.AssertAcceptedAsync(1, 0);
        }

        using (var retry = await PostAsync(http, started, Sign(started)))
        {
            await retry.AssertAcceptedAsync(0, 1);
        }

        // The caller (first participant) emits nothing; the agent (second) answers the call.
        var caller = Event("participant_joined", room, createdAt: T0 + 1, participants: 1, identity: "caller-1");
        using (var response = await PostAsync(http, caller, Sign(caller)))
        {
            await response.AssertAcceptedAsync(0, 0);
        }

        var agent = Event("participant_joined", room, createdAt: T0 + 10, participants: 2, identity: "agent-7");
        using (var response = await PostAsync(http, agent, Sign(agent)))
        {
            await response.AssertAcceptedAsync(1, 0);
        }

        var finished = Event("room_finished", room, createdAt: T0 + 125, participants: 0);
        using (var response = await PostAsync(http, finished, Sign(finished)))
        {
            await response.AssertAcceptedAsync(1, 0);
        }

        var stored = await server.EventsAboutAsync(server.LiveKitTenant, room);
        Assert.Equal(["call.started", "call.answered", "call.ended"], stored.Select(e => e.Type));
        Assert.All(stored, e => Assert.Equal($"urn:livekit:{WebhookServer.ApiKey}", e.Source));

        var state = await server.WaitForCallAsync(server.LiveKitTenant, room, c => c.EndedAt is not null);
        Assert.Equal("inbound", state.Direction);
        Assert.Equal("agent-7", state.AgentId);
        Assert.Equal("completed", state.Outcome);
        Assert.Equal(125, state.DurationSeconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T0 + 10).UtcDateTime, state.AnsweredAt);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_and_nothing_is_stored()
    {
        var room = "RM_" + Guid.NewGuid().ToString("N")[..12];
        using var http = server.Http();
        var signed = Event("room_started", room, createdAt: T0, participants: 0);
        var changed = signed.Replace("room_started", "room_finished", StringComparison.Ordinal);

        using (var response = await PostAsync(http, changed, Sign(signed)))
        {
            await response.AssertProblemAsync(403);
        }

        // Signed with the right body but another secret, and with an unknown key.
        using (var response = await PostAsync(http, signed, Sign(signed, secret: Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)))))
        {
            await response.AssertProblemAsync(403);
        }

        using (var response = await PostAsync(http, signed, Sign(signed, apiKey: "APIunknown")))
        {
            await response.AssertProblemAsync(403);
        }

        using (var response = await PostAsync(http, signed, Sign(signed, lifetime: TimeSpan.FromMinutes(-10))))
        {
            await response.AssertProblemAsync(403);
        }

        Assert.Empty(await server.EventsAboutAsync(server.LiveKitTenant, room));
    }

    [Fact]
    public async Task A_missing_authorization_is_a_401_and_nothing_is_stored()
    {
        var room = "RM_" + Guid.NewGuid().ToString("N")[..12];
        using var http = server.Http();
        var body = Event("room_started", room, createdAt: T0, participants: 0);
        using (var response = await PostAsync(http, body, authorization: null))
        {
            await response.AssertProblemAsync(401);
        }

        Assert.Empty(await server.EventsAboutAsync(server.LiveKitTenant, room));
    }

    [Fact]
    public async Task A_signed_body_that_is_not_a_webhook_event_is_a_400()
    {
        using var http = server.Http();
        const string body = "{\"event\":\"room_started\",\"room\":{\"sid\":\"RM_x\"}}";
        using var response = await PostAsync(http, body, Sign(body));
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains("id is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A LiveKit-shaped event (protobuf JSON: 64-bit integers as strings, zero values left out).</summary>
    private static string Event(string kind, string room, long createdAt, int participants, string? identity = null)
    {
        var count = participants > 0 ? $",\"numParticipants\":{participants}" : "";
        var participant = identity is null ? "" : $",\"participant\":{{\"sid\":\"PA_{identity}\",\"identity\":\"{identity}\",\"state\":\"ACTIVE\",\"joinedAt\":\"{createdAt}\"}}";
        return $"{{\"event\":\"{kind}\",\"room\":{{\"sid\":\"{room}\",\"name\":\"support-{room}\",\"emptyTimeout\":300,\"creationTime\":\"{T0}\"{count}}}" +
               $"{participant},\"id\":\"EV_{Guid.NewGuid():N}\",\"createdAt\":\"{createdAt}\"}}";
    }

    /// <summary>The JWT LiveKit puts in <c>Authorization</c>: HS256 with the API secret, <c>iss</c> = API key, <c>sha256</c> = Base64(SHA-256(body)).</summary>
    private string Sign(string body, string? secret = null, string apiKey = WebhookServer.ApiKey, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = apiKey,
            Claims = new Dictionary<string, object> { ["sha256"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))) },
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret ?? server.ApiSecret)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
        if (authorization is not null)
        {
            // LiveKit sends the bare token, not "Bearer <token>".
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return http.SendAsync(request);
    }
}
