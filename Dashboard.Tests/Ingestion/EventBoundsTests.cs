using Dashboard.Ingestion;
using Dashboard.Realtime;
using Dashboard.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text.Json;

namespace Dashboard.Tests.Ingestion;

/// <summary>
/// The configurable bounds of docs/limits.md ("Ingestion"): the validator uses the configured values, the time window
/// follows <c>Retention:Days</c> unless <c>Ingestion:MaxEventAgeDays</c> is set, and bad settings stop start-up naming
/// the key.
/// </summary>
public sealed class EventBoundsTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static List<EventError> Errors(string json, EventLimits limits)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new EventErrorCollector(limits);
        errors.BeginEvent(0);
        var valid = CloudEventValidator.Validate(doc.RootElement, Arrival, errors);
        Assert.Equal(errors.Errors.Count == 0, valid is not null);
        return [.. errors.Errors];
    }

    private static string Started(string callId, string? time = null)
    {
        var timeAttribute = time is null ? "" : $"\"time\":\"{time}\",";
        return $$$"""{"specversion":"1.0","id":"1","source":"/s","type":"call.started",{{{timeAttribute}}}"data":{"callId":"{{{callId}}}","direction":"inbound"}}""";
    }

    [Fact]
    public void The_identifier_bound_is_the_configured_one()
    {
        var limits = EventLimits.Default with { MaxIdentifierBytes = 16 };

        Assert.Empty(Errors(Started(new string('c', 16)), limits));
        var error = Assert.Single(Errors(Started(new string('c', 17)), limits));
        Assert.Equal("data.callId", error.Field);
        Assert.Equal("must be at most 16 bytes of UTF-8 (Ingestion:MaxIdentifierBytes); got 17", error.Reason);
    }

    [Fact]
    public void Bytes_are_counted_in_utf8_not_characters()
    {
        // 43 euro signs are 129 bytes: over the default 128 although only 43 characters.
        var error = Assert.Single(Errors(Started(new string('€', 43)), EventLimits.Default));
        Assert.Contains("got 129", error.Reason, StringComparison.Ordinal);
        Assert.Empty(Errors(Started(new string('€', 42)), EventLimits.Default));
    }

    [Theory]
    [InlineData(7, "2026-11-14T12:00:01Z", true)]
    [InlineData(7, "2026-11-14T11:59:59Z", false)]
    [InlineData(30, "2026-10-23T00:00:00Z", true)]
    public void The_age_bound_defaults_to_the_retention_days(int retentionDays, string time, bool accepted)
    {
        var limits = EventLimits.From(new IngestionOptions(), new RetentionOptions { Days = retentionDays });

        var errors = Errors(Started("c", time), limits);

        Assert.Equal(accepted, errors.Count == 0);
        if (!accepted)
        {
            Assert.Equal("time", Assert.Single(errors).Field);
            Assert.Contains($"at most {retentionDays} days", errors[0].Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_explicit_max_event_age_overrides_the_retention()
    {
        var limits = EventLimits.From(new IngestionOptions { MaxEventAgeDays = 2 }, new RetentionOptions { Days = 30 });

        Assert.Empty(Errors(Started("c", "2026-11-19T12:00:00Z"), limits));
        Assert.Equal("time", Assert.Single(Errors(Started("c", "2026-11-19T11:59:59Z"), limits)).Field);
    }

    [Theory]
    [InlineData(300, "2026-11-21T12:05:00Z", true)]
    [InlineData(300, "2026-11-21T12:05:01Z", false)]
    [InlineData(300, "2026-11-21T14:05:00+02:00", true)]
    [InlineData(0, "2026-11-21T12:00:00.001Z", false)]
    public void The_future_skew_is_counted_from_arrival(int skewSeconds, string time, bool accepted)
    {
        var limits = EventLimits.From(new IngestionOptions { MaxFutureSkewSeconds = skewSeconds }, new RetentionOptions());

        var errors = Errors(Started("c", time), limits);

        Assert.Equal(accepted, errors.Count == 0);
        if (!accepted)
        {
            Assert.Contains("Ingestion:MaxFutureSkewSeconds", Assert.Single(errors).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_identifier_ceiling_keeps_every_campaign_topic_subscribable()
    {
        Assert.Equal(Topics.MaxLength, IngestionOptions.IdentifierBytesCeiling + Topics.CampaignPrefix.Length);
        Assert.True(Topics.IsKnown(Topics.Campaign(new string('c', IngestionOptions.IdentifierBytesCeiling))));
    }

    [Theory]
    [InlineData("MaxIdentifierBytes", "0")]
    [InlineData("MaxIdentifierBytes", "192")]
    [InlineData("MaxTextBytes", "15")]
    [InlineData("MaxTextBytes", "16385")]
    [InlineData("MaxListEntries", "0")]
    [InlineData("MaxListEntries", "257")]
    [InlineData("MaxFutureSkewSeconds", "-1")]
    [InlineData("MaxFutureSkewSeconds", "86401")]
    [InlineData("MaxEventAgeDays", "0")]
    [InlineData("MaxEventAgeDays", "3651")]
    public void The_app_refuses_to_start_with_an_out_of_range_bound_naming_the_key(string key, string value)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ingestion:" + key] = value });
        builder.AddIngestion();
        using var app = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<IngestionOptions>>().Value);
        Assert.Contains("Ingestion:" + key, error.Message, StringComparison.Ordinal);
        Assert.Contains($"(was {value})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_and_documented_values()
    {
        var options = new IngestionOptions();

        Assert.True(new IngestionOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((128, 1024, 32, 300, (int?)null), (options.MaxIdentifierBytes, options.MaxTextBytes, options.MaxListEntries, options.MaxFutureSkewSeconds, options.MaxEventAgeDays));
        Assert.Equal(30, EventLimits.Default.MaxAgeDays);
    }

    [Theory]
    [InlineData("notification.created", """{"title":"t","message":"a\nb\tc\r\n","severity":"info"}""", null)]
    [InlineData("notification.created", """{"title":"a\nb","message":"m","severity":"info"}""", "data.title")]
    [InlineData("notification.created", """{"message":"m","severity":"info"}""", "data.title")]
    [InlineData("chat.session_assigned", """{"sessionId":"s"}""", "data.agentId")]
    [InlineData("csat.submitted", """{"score":5}""", null)]
    [InlineData("csat.submitted", """{"score":5,"agentId":""}""", "data.agentId")]
    [InlineData("content.purchased", """{"contentId":"x","amount":1,"currency":"EU\u0000R"}""", "data.currency")]
    [InlineData("metric.reported", """{"name":"ai_agent:resolved_total","value":3,"labels":{"bot":"b-1","_lang":"en"}}""", null)]
    [InlineData("metric.reported", """{"name":"leads","value":1,"labels":["a"]}""", "data.labels")]
    [InlineData("metric.reported", """{"name":"leads","value":1,"labels":{"a":5}}""", "data.labels.a")]
    public void Later_issue_types_keep_their_identifier_and_text_bounds(string type, string data, string? field)
    {
        var errors = Errors($$"""{"specversion":"1.0","id":"1","source":"/s","type":"{{type}}","data":{{data}}}""", EventLimits.Default);

        if (field is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(field, Assert.Single(errors).Field);
        }
    }
}
