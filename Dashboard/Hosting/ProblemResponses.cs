namespace Dashboard.Hosting;

/// <summary>
/// Every error answer as <c>application/problem+json</c> (RFC 9457): an error status written without a body (a
/// 401 challenge, a 403, a 404 route miss, a 405) gets a problem document, an unhandled exception that says the
/// database is unreachable becomes a 503 with <c>Retry-After</c> (<see cref="DatabaseOutageExceptionHandler"/>,
/// docs/outage.md), and any other becomes a 500 problem without its details (those go to the log).
/// </summary>
public static class ProblemResponses
{
    /// <summary>Registers <see cref="Microsoft.AspNetCore.Http.IProblemDetailsService"/> and the database-outage handler.</summary>
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseOutageExceptionHandler>();
        return builder;
    }

    /// <summary>
    /// Adds the exception handler and the status-code pages, both writing problem documents. Call after the HTTP metrics
    /// middleware (so it records the final status) and before authentication (so challenges get a body).
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
