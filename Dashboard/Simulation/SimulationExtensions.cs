namespace Dashboard.Simulation;

/// <summary>Registers the traffic simulator (<c>Simulation:Enabled</c>, on by default in Development).</summary>
public static class SimulationExtensions
{
    /// <summary>Adds the simulator when enabled.</summary>
    public static WebApplicationBuilder AddSimulation(this WebApplicationBuilder builder) => builder;
}
