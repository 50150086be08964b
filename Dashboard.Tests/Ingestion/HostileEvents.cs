using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Tests.Auth;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Ingestion;

/// <summary>One row of the hostile table: what tenant A posts and the answer docs/limits.md promises.</summary>
/// <param name="Name">What the row tries.</param>
/// <param name="Body">The request body.</param>
/// <param name="Status">The documented status.</param>
/// <param name="Field">The field the error names (for <c>400</c>), or a phrase the <c>401</c> detail contains.</param>
/// <param name="Mentions">Text the error's reason must contain (the limit or its configuration key).</param>
/// <param name="Index">The event index the error names (for <c>400</c>).</param>
/// <param name="Token">A token other than tenant A's writer token, for the token rows.</param>
/// <param name="ContentType">The request's content type.</param>
internal sealed record HostileCase(
    string Name, string Body, int Status, string Field, string Mentions, int Index = 0, string? Token = null, string ContentType = Events.Single)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile-event table (at least 40 events), and a few events exactly at the limits that must be accepted.
/// Sizes: 3,000 random characters (over PostgreSQL's 2704-byte btree entry) and 100 KB (over the 8000-byte NOTIFY
/// payload), the two sizes that used to stop the fold for every tenant and the publisher for good.
/// </summary>
internal static class HostileEvents
{
    private const string IdKey = "Ingestion:MaxIdentifierBytes";
    private const string TextKey = "Ingestion:MaxTextBytes";
    private const string Control = "control characters";

    private static readonly int[] Sizes = [3_000, 100_000];

    /// <summary>(type, data without the field, field): every identifier member the fold, a topic or a key uses.</summary>
    private static readonly (string Type, Func<JsonObject> Data, string Field)[] IdFields =
    [
        ("call.started", () => new() { ["callId"] = "c", ["direction"] = "outbound" }, "callId"),
        ("call.started", () => new() { ["callId"] = "c", ["direction"] = "outbound" }, "agentId"),
        ("call.started", () => new() { ["callId"] = "c", ["direction"] = "outbound" }, "campaignId"),
        ("call.started", () => new() { ["callId"] = "c", ["direction"] = "inbound" }, "queue"),
        ("call.queued", () => new() { ["callId"] = "c" }, "queue"),
        ("call.answered", () => new() { ["callId"] = "c" }, "agentId"),
        ("call.ended", () => new() { ["outcome"] = "completed" }, "callId"),
        ("agent.status_changed", () => new() { ["status"] = "available" }, "agentId"),
        ("campaign.updated", () => new(), "campaignId"),
        ("chat.session_started", () => new(), "sessionId"),
        ("chat.message", () => new() { ["sessionId"] = "s" }, "messageId"),
        ("transaction.updated", () => new(), "transactionId"),
        ("user.active", () => new(), "userId"),
        ("content.viewed", () => new(), "contentId"),
        ("metric.reported", () => new() { ["value"] = 1 }, "name"),
    ];

    public static List<HostileCase> Refused(DashboardServer server, DateTimeOffset now)
    {
        var cases = new List<HostileCase>();
        foreach (var size in Sizes)
        {
            foreach (var (type, data, field) in IdFields)
            {
                var d = data();
                d[field] = Incompressible(size);
                cases.Add(new($"{type} {field} of {size} bytes", Json(type, d), 400, "data." + field, IdKey));
            }

            cases.Add(new($"agent queues[0] of {size} bytes", Json("agent.status_changed", new() { ["agentId"] = "a", ["status"] = "busy", ["queues"] = new JsonArray(Incompressible(size)) }), 400, "data.queues[0]", IdKey));
            cases.Add(new($"KPI label value of {size} bytes", Json("metric.reported", new() { ["name"] = "leads", ["value"] = 1, ["labels"] = new JsonObject { ["channel"] = Incompressible(size) } }), 400, "data.labels.channel", IdKey));
            foreach (var (attribute, limit) in new[] { ("id", "512"), ("source", "1024"), ("subject", "1024"), ("type", "256") })
            {
                var e = Started("c");
                e[attribute] = Incompressible(size);
                cases.Add(new($"CloudEvents {attribute} of {size} bytes", e.ToJsonString(), 400, attribute, limit));
            }
        }

        // Control characters, NUL and an unpaired surrogate in identifiers; the events' JSON escapes them.
        foreach (var (field, value) in new[] { ("callId", "c\0"), ("callId", "c\u0001"), ("callId", "c\n1"), ("campaignId", "x\u001b[31m"), ("agentId", "a\t7"), ("queue", "q\r"), ("callId", "c\u007f"), ("campaignId", "c\u0085") })
        {
            var e = Started("c");
            e["data"]![field] = value;
            cases.Add(new($"{field} with U+{(int)value.First(char.IsControl):X4}", e.ToJsonString(), 400, "data." + field, value.Contains('\0', StringComparison.Ordinal) ? "NUL" : Control));
        }

        cases.Add(new("callId with an unpaired surrogate", """{"specversion":"1.0","id":"u1","source":"/s","type":"call.started","data":{"callId":"c\ud800","direction":"inbound"}}""", 400, "data.callId", "surrogate"));
        cases.Add(new("empty callId", Json("call.started", new() { ["callId"] = "", ["direction"] = "inbound" }), 400, "data.callId", "non-empty"));
        cases.Add(new("source with a line break", Retarget(Started("c"), "source", "/dialer\n/x"), 400, "source", Control));
        cases.Add(new("id with NUL", Retarget(Started("c"), "id", "id\0"), 400, "id", "NUL"));
        cases.Add(new("subject with BEL", Retarget(Started("c"), "subject", "call\a"), 400, "subject", Control));
        cases.Add(new("label value with a line break", Json("metric.reported", new() { ["name"] = "leads", ["value"] = 1, ["labels"] = new JsonObject { ["source"] = "a\nb" } }), 400, "data.labels.source", Control));

        // Labels and lists.
        cases.Add(new("label name of 3,000 bytes", Json("metric.reported", new() { ["name"] = "leads", ["value"] = 1, ["labels"] = new JsonObject { [new string('n', 3000)] = "v" } }), 400, "data.labels", IdKey));
        cases.Add(new("label name with a dash", Json("metric.reported", new() { ["name"] = "leads", ["value"] = 1, ["labels"] = new JsonObject { ["bad-name"] = "v" } }), 400, "data.labels", "Prometheus label name"));
        cases.Add(new("9 labels", Json("metric.reported", new() { ["name"] = "leads", ["value"] = 1, ["labels"] = Labels(9) }), 400, "data.labels", "at most 8 labels"));
        cases.Add(new("KPI name with a space", Json("metric.reported", new() { ["name"] = "lead count", ["value"] = 1 }), 400, "data.name", "Prometheus metric name"));
        cases.Add(new("33 queues", Json("agent.status_changed", new() { ["agentId"] = "a", ["status"] = "busy", ["queues"] = Queues(33) }), 400, "data.queues", "Ingestion:MaxListEntries"));
        cases.Add(new("10,000 queues", Json("agent.status_changed", new() { ["agentId"] = "a", ["status"] = "busy", ["queues"] = Queues(10_000) }), 400, "data.queues", "Ingestion:MaxListEntries"));

        // Free text.
        cases.Add(new("agent name of 2,000 bytes", Json("agent.status_changed", new() { ["agentId"] = "a", ["status"] = "busy", ["name"] = new string('n', 2000) }), 400, "data.name", TextKey));
        cases.Add(new("campaign name of 400 euro signs (1,200 bytes)", Json("campaign.updated", new() { ["campaignId"] = "c", ["name"] = new string('€', 400) }), 400, "data.name", TextKey));
        cases.Add(new("from of 100 KB", Json("call.started", new() { ["callId"] = "c", ["direction"] = "inbound", ["from"] = new string('1', 100_000) }), 400, "data.from", TextKey));
        cases.Add(new("to with NUL", Json("call.started", new() { ["callId"] = "c", ["direction"] = "inbound", ["to"] = "+1\0" }), 400, "data.to", "NUL"));
        cases.Add(new("agent name with ESC", Json("agent.status_changed", new() { ["agentId"] = "a", ["status"] = "busy", ["name"] = "Ann\u001b" }), 400, "data.name", Control));
        cases.Add(new("notification title of 2,000 bytes", Json("notification.created", new() { ["title"] = new string('t', 2000), ["message"] = "m", ["severity"] = "info" }), 400, "data.title", TextKey));
        cases.Add(new("notification message of 100 KB", Json("notification.created", new() { ["title"] = "t", ["message"] = new string('m', 100_000), ["severity"] = "info" }), 400, "data.message", TextKey));
        cases.Add(new("notification actionUrl with a line break", Json("notification.created", new() { ["title"] = "t", ["message"] = "m", ["severity"] = "info", ["actionUrl"] = "/x\n" }), 400, "data.actionUrl", Control));

        // Numbers the roll-ups add up or a column stores: a sum of two 1e308 durations overflows float8 (22003).
        cases.Add(new("durationSeconds 1e308", Json("call.ended", new() { ["callId"] = "c", ["outcome"] = "completed", ["durationSeconds"] = 1e308 }), 400, "data.durationSeconds", "0 to 604800"));
        cases.Add(new("queueDepth 3,000,000,000", Json("campaign.updated", new() { ["campaignId"] = "c", ["queueDepth"] = 3_000_000_000L }), 400, "data.queueDepth", "0 to 2147483647"));

        // Time.
        foreach (var (name, time, mentions) in new[]
        {
            ("time year 9999", "9999-12-31T23:59:59Z", "Ingestion:MaxFutureSkewSeconds"),
            ("time year 0001", "0001-01-01T00:00:00Z", "Ingestion:MaxEventAgeDays"),
            ("time 10 minutes ahead", Rfc3339(now.AddMinutes(10)), "Ingestion:MaxFutureSkewSeconds"),
            ("time in 2100", "2100-01-01T00:00:00Z", "Ingestion:MaxFutureSkewSeconds"),
            ("time 31 days ago", Rfc3339(now.AddDays(-31)), "Ingestion:MaxEventAgeDays"),
            ("time 1970", "1970-01-01T00:00:00Z", "Ingestion:MaxEventAgeDays"),
        })
        {
            var e = Started("c");
            e["time"] = time;
            cases.Add(new(name, e.ToJsonString(), 400, "time", mentions));
        }

        // A batch names the bad event by its index; nothing of it is stored.
        var poisonedBatch = Events.Array(Started("b0"), Started("b1"), Started(Incompressible(3000)));
        cases.Add(new("3,000-byte callId at index 2 of a batch", poisonedBatch, 400, "data.callId", IdKey, Index: 2, ContentType: Events.Batch));

        // Tokens: validly signed, tenant breaking the rule.
        foreach (var tenant in new[] { "acme\0", "a:b", new string('t', 65), "t\n", "tenänt" })
        {
            cases.Add(new($"token tenant '{tenant.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)[..Math.Min(tenant.Length, 12)]}'", Started("c").ToJsonString(), 401, "tenant claim", "tenant claim must be", Token: ForgedTokens.WithTenant(server, tenant)));
        }

        return cases;
    }

    /// <summary>Events exactly at the limits: accepted (202), folded and published without harming anyone.</summary>
    public static List<(string Name, string Body)> AtTheLimits(DateTimeOffset now)
    {
        var started = Json("call.started", new()
        {
            ["callId"] = new string('c', 128), ["direction"] = "outbound", ["campaignId"] = new string('€', 42), ["agentId"] = new string('a', 128),
            ["queue"] = new string('q', 128), ["from"] = new string('f', 1024),
        });
        var future = Started("c-future");
        future["time"] = Rfc3339(now.AddSeconds(240));
        var old = Started("c-old");
        old["time"] = Rfc3339(now.AddDays(-29));
        return
        [
            ("ids of 128 bytes, 126-byte multi-byte campaignId, 1,024-byte from", started),
            ("32 queues and a 1,024-byte name", Json("agent.status_changed", new() { ["agentId"] = "a-limits", ["status"] = "available", ["name"] = new string('n', 1024), ["queues"] = Queues(32) })),
            ("8 labels", Json("metric.reported", new() { ["name"] = "leads_total", ["value"] = 1, ["labels"] = Labels(8) })),
            ("multi-line notification message", Json("notification.created", new() { ["title"] = "Deploy", ["message"] = "line 1\nline 2\ttabbed\r\n", ["severity"] = "info" })),
            ("time 4 minutes ahead", future.ToJsonString()),
            ("time 29 days ago", old.ToJsonString()),
        ];
    }

    private static JsonObject Started(string callId) => Events.CallStarted(callId);

    /// <summary>
    /// Random letters and digits: PostgreSQL compresses a repeated character so well that 3,000 of them fit a btree
    /// entry, which would hide the failure these rows reproduce ("3,000 random characters").
    /// </summary>
    internal static string Incompressible(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new Random(length);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    private static string Json(string type, JsonObject data) => Events.Event(type, data).ToJsonString();

    private static string Retarget(JsonObject e, string attribute, string value)
    {
        e[attribute] = value;
        return e.ToJsonString();
    }

    private static JsonArray Queues(int n) => new([.. Enumerable.Range(0, n).Select(i => (JsonNode)JsonValue.Create($"q{i}"))]);

    private static JsonObject Labels(int n) => new(Enumerable.Range(0, n).Select(i => KeyValuePair.Create($"l{i}", (JsonNode?)JsonValue.Create($"v{i}"))));

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
