using Dashboard.Simulation;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.Simulation;

/// <summary><c>Simulation:Queues</c> and <c>Simulation:QueueSpeedFactor</c>: binding, defaults and messages naming the exact key.</summary>
public sealed class SimulationQueueOptionsTests
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

    [Fact]
    public void Unconfigured_the_support_and_sales_queues_run_in_real_time()
    {
        var options = Bind(("Simulation:Seed", "1"));

        Assert.Empty(Failures(options));
        Assert.Equal(1, options.QueueSpeedFactor);
        var queues = options.EffectiveQueues;
        Assert.Equal(["sales", "support"], queues.Select(q => q.Key));
        Assert.Equal((12, 120.0), (queues[1].Value.Agents, queues[1].Value.CallsPerHour));
        Assert.Equal((10, 100.0), (queues[0].Value.Agents, queues[0].Value.CallsPerHour));
    }

    [Fact]
    public void Configured_queues_replace_the_defaults_and_unset_members_take_the_member_defaults()
    {
        var options = Bind(
            ("Simulation:Queues:billing:Agents", "4"),
            ("Simulation:Queues:billing:CallsPerHour", "30.5"),
            ("Simulation:Queues:tech:MeanPatienceSeconds", "60"),
            ("Simulation:QueueSpeedFactor", "20"));

        Assert.Empty(Failures(options));
        Assert.Equal(20, options.QueueSpeedFactor);
        var profiles = options.EffectiveQueues.Select(q => q.Value.ToProfile(q.Key)).ToList();
        Assert.Equal(["billing", "tech"], profiles.Select(p => p.Name));
        Assert.Equal(new QueueProfile { Name = "billing", Agents = 4, CallsPerHour = 30.5, MeanPatienceSeconds = 240 }, profiles[0]);
        Assert.Equal(new QueueProfile { Name = "tech", MeanPatienceSeconds = 60 }, profiles[1]);
    }

    [Theory]
    [InlineData("Simulation:QueueSpeedFactor", "0", "Simulation:QueueSpeedFactor must be between 0.1 and 1000.")]
    [InlineData("Simulation:Queues:support:Agents", "0", "Simulation:Queues:support:Agents must be between 1 and 500.")]
    [InlineData("Simulation:Queues:support:CallsPerHour", "0", "Simulation:Queues:support:CallsPerHour must be greater than 0 and at most 100000.")]
    [InlineData("Simulation:Queues:support:MeanHandleSeconds", "0.5", "Simulation:Queues:support:MeanHandleSeconds must be between 1 and 7200.")]
    [InlineData("Simulation:Queues:support:WrapUpSeconds", "-1", "Simulation:Queues:support:WrapUpSeconds must be between 0 and 3600.")]
    [InlineData("Simulation:Queues:support:MeanPatienceSeconds", "NaN", "Simulation:Queues:support:MeanPatienceSeconds must be between 1 and 7200.")]
    [InlineData("Simulation:Queues:support:BreakProbability", "1.01", "Simulation:Queues:support:BreakProbability must be between 0 and 1.")]
    [InlineData("Simulation:Queues:support:BreakSeconds", "7201", "Simulation:Queues:support:BreakSeconds must be between 0 and 7200.")]
    [InlineData("Simulation:Queues:sup port:Agents", "3", "Simulation:Queues:sup port must be named with 1 to 64 ASCII letters, digits, '-' or '_'.")]
    public void An_invalid_value_is_reported_with_its_exact_key(string key, string value, string message)
    {
        var failures = Failures(Bind((key, value)));

        Assert.Equal([message], failures);
    }

    [Fact]
    public void More_than_twenty_queues_are_refused()
    {
        var options = Bind([.. Enumerable.Range(1, 21).Select(i => ($"Simulation:Queues:q{i}:Agents", "1"))]);

        Assert.Contains("Simulation:Queues must name at most 20 queues.", Failures(options));
    }
}
