using Dashboard.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Folding.DeadLetters;

/// <summary>Registers and maps dead letters (docs/dead-letters.md): poison events the fold set aside, their retry and their API.</summary>
public static class DeadLettersExtensions
{
    /// <summary>
    /// Registers the store, the monitor, the <c>DeadLetters:*</c> options (validated at start, naming the key) and the
    /// <c>dead_letters</c> readiness check.
    /// </summary>
    public static WebApplicationBuilder AddDeadLetters(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeadLetterOptions>, DeadLetterOptionsValidator>();
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddSingleton<DeadLetterMonitor>();
        builder.Services.AddSingleton<DeadLetterRetrier>();
        // Degraded, not Unhealthy, should it ever miss the readiness deadline: an unreachable database is the database check's.
        builder.Services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>(
            DeadLetterHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: [ObservabilityExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Maps <c>/api/v1/dead-letters</c> (<see cref="DeadLetterEndpoints"/>).</summary>
    public static WebApplication MapDeadLetters(this WebApplication app)
    {
        DeadLetterEndpoints.Map(app);
        return app;
    }
}
