using Dashboard.Metrics.Rollups;
using Microsoft.Extensions.Options;

namespace Dashboard.Metrics.Retention;

/// <summary>Registers the roll-up and retention logic their Quartz jobs run (the jobs are added by <see cref="MetricJobsExtensions"/>).</summary>
internal static class RetentionExtensions
{
    /// <summary>Adds <see cref="RetentionOptions"/> (validated at start-up), <see cref="DailyRollup"/> and <see cref="RetentionSweeper"/>.</summary>
    public static IServiceCollection AddRollupAndRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<DailyRollup>();
        services.AddSingleton<RetentionSweeper>();
        return services;
    }
}
