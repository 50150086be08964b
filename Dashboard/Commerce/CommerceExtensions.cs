namespace Dashboard.Commerce;

/// <summary>
/// Registers and maps the commerce metrics (docs/metrics.md §7): the calculator and publisher the tick runs, the REST
/// reports and <c>/api/v1/commerce</c>. The commerce state itself is written by the event fold.
/// </summary>
public static class CommerceExtensions
{
    /// <summary>Adds the commerce calculator, publisher and report reader (business calendars: <c>AddCalendar</c>).</summary>
    public static WebApplicationBuilder AddCommerce(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommerceMetricsCalculator>();
        builder.Services.AddSingleton<CommerceMetricsPublisher>();
        builder.Services.AddSingleton<CommerceReportsReader>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/commerce</c>, <c>/commerce/revenue</c>, <c>/commerce/transactions</c> and <c>/commerce/content</c> (docs/api.md).</summary>
    public static WebApplication MapCommerce(this WebApplication app)
    {
        CommerceEndpoints.Map(app);
        return app;
    }
}
