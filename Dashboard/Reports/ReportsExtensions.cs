using System.Text.Json.Serialization;
using Dashboard.Auth;

namespace Dashboard.Reports;

/// <summary>Registers and maps the REST reports (<c>/api/v1/calls/*</c>, <c>/agents/*</c>, <c>/campaigns*</c>) and the OpenAPI document.</summary>
public static class ReportsExtensions
{
    /// <summary>The OpenAPI document's route.</summary>
    public const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>
    /// Adds the report services and the OpenAPI document <c>v1</c> (every <c>/api/</c> endpoint, with the bearer scheme
    /// and the ranges of integer query parameters). Call after <c>AddMetricJobs</c>, which registers the calculators.
    /// </summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RecentCallsReader>();
        // As on the wire (JsonDefaults): numbers are numbers. The web default also reads numbers from strings, which the
        // OpenAPI generator then documents as "integer or string" for every count in every report.
        // Timestamps UTC with Z whatever their kind (an infinity read back from storage has none).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            Dashboard.Realtime.UtcTimestampConverters.AddTo(o.SerializerOptions);
        });
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSchemeTransformer>();
            o.AddOperationTransformer<ReportOperationTransformer>();
            o.AddSchemaTransformer<UtcTimestampSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>
    /// Maps the reports under <c>/api/v1</c> (scope <c>dashboard:read</c>; tenant from the token; 401 without credentials,
    /// 403 without the scope) and <c>GET /openapi/v1.json</c> (anonymous).
    /// </summary>
    public static WebApplication MapReports(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Scopes.Policies.Read).WithTags("Reports");
        api.MapCallReports();
        api.MapCampaignReports();
        app.MapOpenApi(OpenApiRoute).AllowAnonymous();
        return app;
    }
}
