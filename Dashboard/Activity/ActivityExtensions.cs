using Dashboard.Ingestion;
using Microsoft.Extensions.Options;

namespace Dashboard.Activity;

/// <summary>
/// Registers and maps the activity feed (docs/activity.md): its part of ingestion (summaries stored with each event, live
/// messages on <c>activity</c>), the tick's snapshot step and <c>GET /api/v1/activity</c>.
/// </summary>
public static class ActivityExtensions
{
    /// <summary>Adds the <c>Activity</c> options (validated at start-up) and the feed's services.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Activity:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddActivity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ActivityOptions>().BindConfiguration(ActivityOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ActivityOptions>, ActivityOptionsValidator>();
        builder.Services.AddSingleton<ActivityContextReader>();
        builder.Services.AddSingleton<ActivityReader>();
        builder.Services.AddSingleton<ActivityRecorder>();
        builder.Services.AddSingleton<IEventActivity>(sp => sp.GetRequiredService<ActivityRecorder>());
        builder.Services.AddSingleton<ActivitySnapshotPublisher>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/activity</c> (scope <c>dashboard:read</c>).</summary>
    public static WebApplication MapActivity(this WebApplication app)
    {
        ActivityEndpoints.Map(app);
        return app;
    }
}
