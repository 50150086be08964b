using Dashboard.Jobs;
using Microsoft.Extensions.Options;

namespace Dashboard.Retention;

/// <summary>Registers retention (docs/architecture.md §8): its options, the sweeper and its job (<c>retention</c>).</summary>
public static class RetentionExtensions
{
    /// <summary>Adds the retention services and declares the job. Call before <c>AddJobs</c>.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Retention:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddRetentionServices();
        return builder.AddRecurringJob<RetentionJob>(
            new("retention", sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value.RetentionIntervalSeconds, "Deletes events, calls and roll-up rows older than the retention settings.")
            {
                FormerTypeNames = ["Dashboard.Metrics.Retention.RetentionJob"],
            });
    }

    /// <summary>Adds <see cref="RetentionOptions"/> (validated at start-up) and <see cref="RetentionSweeper"/>.</summary>
    internal static IServiceCollection AddRetentionServices(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionSweeper>();
        return services;
    }
}
