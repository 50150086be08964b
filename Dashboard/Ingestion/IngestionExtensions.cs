using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>Registers and maps event ingestion (<c>POST /api/v1/events</c>, docs/protocol.md §7).</summary>
public static class IngestionExtensions
{
    /// <summary>Adds the <c>Ingestion</c> options (validated at start-up) and the ingestion services.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Ingestion:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        builder.Services.AddSingleton<EventStore>();
        builder.Services.AddSingleton<EventCommitQueue>();
        builder.Services.AddSingleton<CommittedMessagePublisher>();
        builder.Services.AddSingleton<LiveEventPublisher>();
        builder.Services.AddSingleton<EventIngestor>();
        return builder;
    }

    /// <summary>Maps <c>POST /api/v1/events</c> (bearer token with <c>events:write</c>).</summary>
    public static WebApplication MapIngestion(this WebApplication app)
    {
        IngestionEndpoints.Map(app.MapGroup("/api/v1"));
        return app;
    }
}
