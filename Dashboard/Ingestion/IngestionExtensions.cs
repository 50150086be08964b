namespace Dashboard.Ingestion;

/// <summary>Registers and maps event ingestion (<c>POST /api/v1/events</c>, PROTOCOL.md §7).</summary>
public static class IngestionExtensions
{
    /// <summary>Adds ingestion services.</summary>
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder) => builder;

    /// <summary>Maps the ingestion endpoints.</summary>
    public static WebApplication MapIngestion(this WebApplication app) => app;
}
