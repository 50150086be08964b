using System.Text;
using Dashboard.Auth;
using Dashboard.Ingestion;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Ingestion;

/// <summary>An app with small <c>Ingestion:*</c> limits, so over-limit requests stay cheap.</summary>
public sealed class SmallLimitsServer() : ConfiguredServer(new()
{
    ["Ingestion:MaxBatchEvents"] = MaxEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Ingestion:MaxBodyBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    public const int MaxEvents = 3;
    public const int MaxBytes = 4096;
}

/// <summary><c>Ingestion:MaxBatchEvents</c> and <c>Ingestion:MaxBodyBytes</c>: <c>413</c> and nothing stored.</summary>
public sealed class IngestionLimitsTests(SmallLimitsServer server) : IClassFixture<SmallLimitsServer>
{
    [Fact]
    public async Task A_batch_at_the_limit_is_accepted_and_one_more_event_is_413()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));

        using var atLimit = await client.PostAsync(Events.Array(Events.CallEnded("a"), Events.CallEnded("b"), Events.CallEnded("c")), Events.Batch);
        using var overLimit = await client.PostAsync(Events.Array(Events.CallEnded("a"), Events.CallEnded("b"), Events.CallEnded("c"), Events.CallEnded("d")), Events.Batch);

        await atLimit.AssertAcceptedAsync(SmallLimitsServer.MaxEvents, 0);
        await overLimit.AssertProblemAsync(413);
        Assert.Equal(SmallLimitsServer.MaxEvents, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task A_body_over_the_byte_limit_is_413_with_content_length()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));

        using var response = await client.PostAsync(OversizedEvent(), Events.Single);

        var problem = await response.AssertProblemAsync(413);
        Assert.Contains("Ingestion:MaxBodyBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task A_chunked_body_over_the_byte_limit_is_413_although_no_length_was_announced()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        using var content = new Events.ChunkedContent(Encoding.UTF8.GetBytes(OversizedEvent()), Events.Single);

        using var response = await client.PostAsync("/api/v1/events", content);

        await response.AssertProblemAsync(413);
        Assert.Equal(0, await Events.CountAsync(server.ConnectionString, tenant));
    }

    [Fact]
    public async Task A_chunked_body_within_the_limit_is_accepted()
    {
        var tenant = Events.NewTenant();
        using var client = server.Http(server.Token(tenant, Scopes.Write));
        using var content = new Events.ChunkedContent(Encoding.UTF8.GetBytes(Events.CallEnded("c").ToJsonString()), Events.Single);

        using var response = await client.PostAsync("/api/v1/events", content);

        await response.AssertAcceptedAsync(1, 0);
    }

    [Theory]
    [InlineData(0, 1024L * 1024, "Ingestion:MaxBatchEvents")]
    [InlineData(10_001, 1024L * 1024, "Ingestion:MaxBatchEvents")]
    [InlineData(1000, 100L, "Ingestion:MaxBodyBytes")]
    public void Invalid_limits_fail_validation_naming_the_key(int maxEvents, long maxBytes, string key)
    {
        var result = new IngestionOptionsValidator().Validate(null, new IngestionOptions { MaxBatchEvents = maxEvents, MaxBodyBytes = maxBytes });

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    private static string OversizedEvent()
    {
        var e = Events.CallEnded("c");
        e["data"]!["note"] = new string('x', SmallLimitsServer.MaxBytes);
        return e.ToJsonString();
    }
}
