using System.Text.Json.Serialization;

namespace Dashboard.Api;

/// <summary>
/// The REST API's shared parts (docs/api.md): JSON as on the wire, the OpenAPI document <c>v1</c> and its route. Each
/// feature maps its own endpoints under <see cref="Prefix"/> (<c>MapCampaigns</c>, <c>MapCalls</c>, <c>MapQueues</c>…).
/// </summary>
public static class ApiExtensions
{
    /// <summary>The prefix of every REST endpoint.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The OpenAPI document's route.</summary>
    public const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>
    /// Sets the REST JSON options and adds the OpenAPI document <c>v1</c> (every <c>/api/</c> endpoint, with the bearer
    /// scheme and the ranges of integer query parameters).
    /// </summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        // As on the wire (JsonDefaults): numbers are numbers. The web default also reads numbers from strings, which the
        // OpenAPI generator then documents as "integer or string" for every count in every report.
        // Timestamps UTC with Z whatever their kind (an infinity read back from storage has none).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            Realtime.UtcTimestampConverters.AddTo(o.SerializerOptions);
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

    /// <summary>Maps <c>GET /openapi/v1.json</c> (anonymous).</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi(OpenApiRoute).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The group of read-only reports under <see cref="Prefix"/>: scope <c>dashboard:read</c>, the tenant from the token,
    /// 401 without credentials, 403 without the scope; tagged <c>Reports</c> in the OpenAPI document.
    /// </summary>
    internal static RouteGroupBuilder MapReportGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).RequireAuthorization(Auth.Scopes.Policies.Read).WithTags("Reports");

    /// <summary>The token's tenant; endpoints behind the read or admin policy always have one.</summary>
    internal static string Tenant(HttpContext context) => Auth.TokenPrincipal.FromClaims(context.User)!.Tenant;
}
