namespace Dashboard.Simulation;

/// <summary>
/// The traffic simulator's settings (configuration section <c>Simulation</c>). The simulator feeds realistic outbound
/// campaign traffic, inbound queues with agents, a live-chat centre, a shop and custom KPI producers through the real ingestion endpoint (<c>POST /api/v1/events</c>,
/// docs/protocol.md §7).
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Simulation";

    /// <summary>The tenants used when <see cref="Tenants"/> is not configured.</summary>
    public static readonly IReadOnlyList<string> DefaultTenants = ["demo", "acme"];

    /// <summary>Runs the simulator. Default: true in the Development environment, false otherwise.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Tenants to simulate (each gets its own campaigns and traffic). Default <c>["demo","acme"]</c>.</summary>
    /// <remarks>Nullable because the configuration binder appends to a pre-filled array instead of replacing it.</remarks>
    public string[]? Tenants { get; set; }

    /// <summary>Outbound campaigns per tenant, 1 to 50. Default 3.</summary>
    public int CampaignsPerTenant { get; set; } = 3;

    /// <summary>Mean call attempts per second per tenant (Poisson arrivals), greater than 0 and at most 200. Default 2.</summary>
    public double CallsPerSecond { get; set; } = 2;

    /// <summary>
    /// How much faster than real time calls ring and talk, 0.1 to 1000: a talk time drawn as 90 s lasts 90 / SpeedFactor
    /// seconds of wall-clock time, so the demo moves. Default 3.
    /// </summary>
    public double SpeedFactor { get; set; } = 3;

    /// <summary>
    /// Inbound queues per tenant, keyed by queue name (<c>Simulation:Queues:support:Agents</c>, …); at most 20. Unset: the
    /// <c>support</c> and <c>sales</c> queues of <see cref="SimulatedQueueOptions.Defaults"/>. Configuring any queue
    /// replaces the defaults; a queue's unset members take the <see cref="SimulatedQueueOptions"/> defaults.
    /// </summary>
    /// <remarks>Nullable so that configuring queues replaces the default set instead of merging into it.</remarks>
    public Dictionary<string, SimulatedQueueOptions>? Queues { get; set; }

    /// <summary>
    /// How much faster than real time the inbound queues run, 0.1 to 1000: every duration divided, every arrival rate
    /// multiplied, so occupancy and abandon rates stay those of the nominal queue. Default 1, so waits, handle times and
    /// the 20 s service-level threshold on the queue panels are real-world seconds.
    /// </summary>
    public double QueueSpeedFactor { get; set; } = 1;

    /// <summary>The chat centre of every simulated tenant (<c>Simulation:Chat:*</c>); on by default.</summary>
    public SimulatedChatOptions Chat { get; set; } = new();

    /// <summary>The shop of every simulated tenant (<c>Simulation:Shop:*</c>); on by default.</summary>
    public SimulatedShopOptions Shop { get; set; } = new();

    /// <summary>The custom KPI producers of every simulated tenant (<c>Simulation:Kpis:*</c>); on by default.</summary>
    public SimulatedKpiOptions Kpis { get; set; } = new();

    /// <summary>Seed of the simulator's random numbers, for repeatable traffic; unset: a new seed every run.</summary>
    public int? Seed { get; set; }

    /// <summary>The tenants in effect: <see cref="Tenants"/> when configured, else <see cref="DefaultTenants"/>.</summary>
    public IReadOnlyList<string> EffectiveTenants => Tenants is { Length: > 0 } ? Tenants : DefaultTenants;

    /// <summary>The queues in effect, by name (ordinal order): <see cref="Queues"/> when configured, else the defaults.</summary>
    public IReadOnlyList<KeyValuePair<string, SimulatedQueueOptions>> EffectiveQueues =>
        [.. (Queues is { Count: > 0 } ? Queues : SimulatedQueueOptions.Defaults()).OrderBy(q => q.Key, StringComparer.Ordinal)];
}
