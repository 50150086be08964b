using Dashboard.Simulation;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.Simulation;

/// <summary><c>Simulation:Chat:*</c>: binding, defaults, agents shared with the voice queues, messages naming the exact key.</summary>
public sealed class SimulationChatOptionsTests
{
    private static SimulationOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return configuration.GetSection(SimulationOptions.SectionName).Get<SimulationOptions>() ?? new SimulationOptions();
    }

    private static IReadOnlyList<string> Failures(SimulationOptions options) =>
        new SimulationOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static List<QueueProfile> Queues(SimulationOptions options) => [.. options.EffectiveQueues.Select(q => q.Value.ToProfile(q.Key))];

    [Fact]
    public void Unconfigured_chat_is_on_with_three_channels_and_ten_voice_agents_taken_one_queue_at_a_time()
    {
        var options = Bind(("Simulation:Seed", "1"));

        Assert.Empty(Failures(options));
        Assert.True(options.Chat.Enabled);
        var profile = options.Chat.ToProfile(Queues(options));
        Assert.Equal([new("messenger", 40), new("web", 120), new("whatsapp", 80)], profile.Channels);
        Assert.Equal(
            ["agent-sales-01", "agent-support-01", "agent-sales-02", "agent-support-02", "agent-sales-03", "agent-support-03", "agent-sales-04", "agent-support-04", "agent-sales-05", "agent-support-05"],
            profile.AgentIds);
        Assert.Equal((3, 1.0, 15), (profile.MaxSessionsPerAgent, options.Chat.SpeedFactor, options.Chat.WarmStartMinutes));
    }

    [Fact]
    public void Configured_channels_replace_the_defaults_and_agents_beyond_the_voice_agents_get_chat_ids()
    {
        var options = Bind(
            ("Simulation:Queues:tiny:Agents", "2"),
            ("Simulation:Chat:Channels:sms", "12.5"),
            ("Simulation:Chat:Agents", "4"),
            ("Simulation:Chat:MaxSessionsPerAgent", "5"));

        Assert.Empty(Failures(options));
        var profile = options.Chat.ToProfile(Queues(options));
        Assert.Equal([new("sms", 12.5)], profile.Channels);
        Assert.Equal(["agent-tiny-01", "agent-tiny-02", "agent-chat-01", "agent-chat-02"], profile.AgentIds);
        Assert.Equal(5, profile.MaxSessionsPerAgent);
    }

    [Theory]
    [InlineData("Simulation:Chat:Agents", "0", "Simulation:Chat:Agents must be between 1 and 500.")]
    [InlineData("Simulation:Chat:MaxSessionsPerAgent", "21", "Simulation:Chat:MaxSessionsPerAgent must be between 1 and 20.")]
    [InlineData("Simulation:Chat:Channels:web", "0", "Simulation:Chat:Channels:web must be greater than 0 and at most 100000.")]
    [InlineData("Simulation:Chat:Channels:we b", "5", "Simulation:Chat:Channels:we b must be named with 1 to 64 ASCII letters, digits, '-' or '_'.")]
    [InlineData("Simulation:Chat:MeanPickUpSeconds", "-1", "Simulation:Chat:MeanPickUpSeconds must be between 0 and 3600.")]
    [InlineData("Simulation:Chat:MeanFirstReplySeconds", "0", "Simulation:Chat:MeanFirstReplySeconds must be between 1 and 3600.")]
    [InlineData("Simulation:Chat:MeanExchanges", "51", "Simulation:Chat:MeanExchanges must be between 0 and 50.")]
    [InlineData("Simulation:Chat:MeanReplySeconds", "NaN", "Simulation:Chat:MeanReplySeconds must be between 1 and 3600.")]
    [InlineData("Simulation:Chat:MeanPatienceSeconds", "7201", "Simulation:Chat:MeanPatienceSeconds must be between 1 and 7200.")]
    [InlineData("Simulation:Chat:ResolvedShare", "1.1", "Simulation:Chat:ResolvedShare must be between 0 and 1.")]
    [InlineData("Simulation:Chat:CsatShare", "-0.1", "Simulation:Chat:CsatShare must be between 0 and 1.")]
    [InlineData("Simulation:Chat:FailedShare", "2", "Simulation:Chat:FailedShare must be between 0 and 1.")]
    [InlineData("Simulation:Chat:SpeedFactor", "0", "Simulation:Chat:SpeedFactor must be between 0.1 and 1000.")]
    [InlineData("Simulation:Chat:WarmStartMinutes", "121", "Simulation:Chat:WarmStartMinutes must be between 0 and 120.")]
    public void An_invalid_value_is_reported_with_its_exact_key(string key, string value, string message)
    {
        Assert.Equal([message], Failures(Bind((key, value))));
    }

    [Fact]
    public void More_than_ten_channels_are_refused()
    {
        var options = Bind([.. Enumerable.Range(1, 11).Select(i => ($"Simulation:Chat:Channels:c{i}", "1"))]);

        Assert.Contains("Simulation:Chat:Channels must name at most 10 channels.", Failures(options));
    }
}
