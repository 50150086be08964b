using Dashboard.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Observability;

public sealed class MetricsOptionsTests
{
    private const string Secret = "0123456789abcdef";

    [Fact]
    public void Defaults_serve_metrics_anonymously_on_the_main_port()
    {
        var options = new MetricsOptions();
        Assert.False(options.RequireToken);
        Assert.Null(options.BearerToken);
        Assert.Null(options.Port);
        Assert.True(new MetricsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0, "Metrics:Port must be between 1 and 65535 (was 0).")]
    [InlineData(-1, "Metrics:Port must be between 1 and 65535 (was -1).")]
    [InlineData(65536, "Metrics:Port must be between 1 and 65535 (was 65536).")]
    public void A_port_outside_1_to_65535_is_reported_by_its_key(int port, string message) =>
        Assert.Equal(message, new MetricsOptionsValidator().Validate(null, new MetricsOptions { Port = port }).FailureMessage);

    [Theory]
    [InlineData(1)]
    [InlineData(9464)]
    [InlineData(65535)]
    public void Ports_1_to_65535_are_accepted(int port) =>
        Assert.True(new MetricsOptionsValidator().Validate(null, new MetricsOptions { Port = port }).Succeeded);

    [Theory]
    [InlineData(true, null, "Metrics:BearerToken is required when Metrics:RequireToken is true")]
    [InlineData(true, "", "Metrics:BearerToken is required when Metrics:RequireToken is true")]
    [InlineData(false, Secret, "Metrics:BearerToken is set but Metrics:RequireToken is false")]
    [InlineData(true, "short-secret", "Metrics:BearerToken is 12 characters long; at least 16 are required.")]
    [InlineData(true, "with a space 0123456789", "Metrics:BearerToken must be printable ASCII without spaces")]
    [InlineData(true, "naïve-0123456789abcdef", "Metrics:BearerToken must be printable ASCII without spaces")]
    public void Token_settings_are_reported_by_their_keys(bool requireToken, string? token, string message)
    {
        var result = new MetricsOptionsValidator().Validate(null, new MetricsOptions { RequireToken = requireToken, BearerToken = token });
        Assert.True(result.Failed);
        Assert.StartsWith(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_token_of_16_printable_characters_is_accepted() =>
        Assert.True(new MetricsOptionsValidator().Validate(null, new MetricsOptions { RequireToken = true, BearerToken = Secret }).Succeeded);

    [Fact]
    public void The_metrics_section_binds_and_a_bad_value_fails_at_start_naming_the_key()
    {
        static IOptions<MetricsOptions> Bind(Dictionary<string, string?> settings)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddObservability();
            return builder.Build().Services.GetRequiredService<IOptions<MetricsOptions>>();
        }

        var bound = Bind(new() { ["Metrics:RequireToken"] = "true", ["Metrics:BearerToken"] = Secret, ["Metrics:Port"] = "9464" }).Value;
        Assert.Equal((true, Secret, 9464), (bound.RequireToken, bound.BearerToken, bound.Port));

        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Metrics:Port"] = "70000" }).Value);
        Assert.Contains("Metrics:Port must be between 1 and 65535 (was 70000).", error.Message, StringComparison.Ordinal);
    }
}
