using Microsoft.Extensions.Options;

namespace Dashboard.Simulation;

/// <summary>Registers the traffic simulator (<c>Simulation:Enabled</c>, on by default in Development).</summary>
public static class SimulationExtensions
{
    /// <summary>
    /// Adds the simulator when <c>Simulation:Enabled</c> is true (default: true in the Development environment only).
    /// See <see cref="SimulationOptions"/> for the other keys.
    /// </summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Simulation:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddSimulation(this WebApplicationBuilder builder)
    {
        var enabled = builder.Configuration.GetValue<bool?>($"{SimulationOptions.SectionName}:{nameof(SimulationOptions.Enabled)}")
            ?? builder.Environment.IsDevelopment();
        if (!enabled)
        {
            return builder;
        }

        builder.Services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulationOptions>, SimulationOptionsValidator>();
        builder.Services.AddHostedService<TrafficSimulator>();
        return builder;
    }
}
