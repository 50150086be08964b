using Microsoft.Extensions.Options;

namespace Dashboard.Queues;

/// <summary>Registers and maps the queues and agents feature: its options, calculator and publisher (run by the tick) and <c>/api/v1/queues</c>.</summary>
public static class QueuesExtensions
{
    /// <summary>Adds the <c>Queues</c> options (validated at start-up), the queue metrics calculator and publisher.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Queues:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddQueues(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueMetricsOptions>().BindConfiguration(QueueMetricsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<QueueMetricsOptions>, QueueMetricsOptionsValidator>();
        builder.Services.AddSingleton<QueueMetricsCalculator>();
        builder.Services.AddSingleton<QueueMetricsPublisher>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/queues</c> (docs/api.md).</summary>
    public static WebApplication MapQueues(this WebApplication app)
    {
        QueueEndpoints.Map(app);
        return app;
    }
}
