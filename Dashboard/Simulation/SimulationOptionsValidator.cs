using Microsoft.Extensions.Options;

namespace Dashboard.Simulation;

/// <summary>Validates <see cref="SimulationOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class SimulationOptionsValidator : IValidateOptions<SimulationOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulationOptions options)
    {
        var failures = new List<string>();
        var tenants = options.EffectiveTenants;
        for (var i = 0; i < tenants.Count; i++)
        {
            // The rule tokens are held to, so the simulated tenant is one a token can sign in to.
            if (!Dashboard.Auth.TenantName.IsValid(tenants[i]))
            {
                failures.Add($"Simulation:Tenants:{i} must be a tenant id of {Dashboard.Auth.TenantName.Rule} (was '{tenants[i]}').");
            }
        }

        if (tenants.Distinct(StringComparer.Ordinal).Count() != tenants.Count)
        {
            failures.Add("Simulation:Tenants must not name a tenant twice.");
        }

        if (options.CampaignsPerTenant is < 1 or > 50)
        {
            failures.Add("Simulation:CampaignsPerTenant must be between 1 and 50.");
        }

        if (!(options.CallsPerSecond > 0 && options.CallsPerSecond <= 200))
        {
            failures.Add("Simulation:CallsPerSecond must be greater than 0 and at most 200.");
        }

        if (!(options.SpeedFactor >= 0.1 && options.SpeedFactor <= 1000))
        {
            failures.Add("Simulation:SpeedFactor must be between 0.1 and 1000.");
        }

        if (!(options.QueueSpeedFactor >= 0.1 && options.QueueSpeedFactor <= 1000))
        {
            failures.Add("Simulation:QueueSpeedFactor must be between 0.1 and 1000.");
        }

        var queues = options.EffectiveQueues;
        if (queues.Count > 20)
        {
            failures.Add("Simulation:Queues must name at most 20 queues.");
        }

        foreach (var (queue, settings) in queues)
        {
            settings.Validate(queue, failures);
        }

        options.Chat.Validate(failures);
        options.Shop.Validate(failures);
        options.Kpis.Validate(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
