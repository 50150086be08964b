using Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Kpis;

/// <summary>
/// <c>GET /api/v1/kpis</c> and <c>GET /api/v1/kpis/{name}</c>: the token's tenant's custom KPI series, computed on request,
/// and one series' history (docs/api.md; formulas in docs/metrics.md §8).
/// </summary>
internal static class KpiEndpoints
{
    /// <summary><c>hours</c>: the history window, 1..720 (30 days), default 24.</summary>
    internal static readonly QueryRange Hours = new("hours", 1, 720, 24);

    /// <summary>Maps both endpoints (scope <c>dashboard:read</c>; the tenant is the token's).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup(Prefix + "/kpis").RequireAuthorization(Auth.Scopes.Policies.Read).WithTags("Reports");
        kpis.MapGet("/", GetAsync)
            .WithName("GetKpis")
            .WithSummary("Custom KPI series: value, counter total and rate, staleness and the last hour's points")
            .WithDescription(
                "Every series reported by metric.reported (by key, at most Payloads:MaxKpiSeries; seriesCount is the true count): " +
                "the payload of kpis_update on topic kpis. An empty list for a tenant without KPIs. Formulas in docs/metrics.md §8.")
            .Produces<KpisUpdate>(StatusCodes.Status200OK);
        kpis.MapGet("/{name}", GetHistoryAsync)
            .WithName("GetKpiHistory")
            .WithSummary("One series' history: per minute up to 24 hours, per local hour up to 30 days")
            .WithDescription(
                "The series is `name` with exactly the label set `labels`. hours ≤ 24: one point per UTC minute with reports " +
                "(kpi_minutely); more: one point per local hour of the tenant's time zone with reports. Gauge: the newest value " +
                "in the bucket; counter: the sum of its reports. 404 problem+json naming the series when the tenant has none such.")
            .WithMetadata(Hours)
            .Produces<KpiHistory>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Bound as raw strings and checked here, so the document states the rules itself.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Name == "labels")
                    {
                        parameter.Description = KpiLabelsQuery.LabelsRule + " Example: labels=region=eu,channel=web. Otherwise 400 problem+json naming the parameter.";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };
                    }
                    else if (parameter.Name == "name")
                    {
                        parameter.Description = KpiLabelsQuery.NameRule + " Otherwise 400 problem+json naming the parameter.";
                    }
                }

                return Task.CompletedTask;
            });
    }

    /// <summary>200 with <see cref="KpisUpdate"/>; 401 without a valid token, 403 without <c>dashboard:read</c>.</summary>
    private static async Task<Ok<KpisUpdate>> GetAsync(HttpContext context, KpiMetricsCalculator calculator, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await calculator.ComputeAsync([Tenant(context)], time.GetUtcNow().UtcDateTime, ct))[0].Update);

    /// <summary>
    /// 200 with <see cref="KpiHistory"/>; 400 problem+json naming <c>name</c>, <c>labels</c> or <c>hours</c> when bad; 404
    /// problem+json naming the series when the tenant has no series of that name and label set.
    /// </summary>
    private static async Task<Results<Ok<KpiHistory>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        string name, [FromQuery] string[]? labels, [FromQuery] string? hours, HttpContext context, KpiHistoryReader reader, TimeProvider time, CancellationToken ct)
    {
        if (!KpiLabelsQuery.TryName(name, out var problem)
            || !KpiLabelsQuery.TryParse(labels ?? [], out var set, out problem)
            || !Hours.TryParse(hours, out var n, out problem))
        {
            return problem;
        }

        var history = await reader.ReadAsync(Tenant(context), name, set, n, time.GetUtcNow().UtcDateTime, ct);
        if (history is null)
        {
            var key = KpiSeriesKey.Of(name, set);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown KPI series",
                detail: $"The tenant has no KPI series {(key.Length > 300 ? key[..300] + "…" : key)} (name and its full label set).");
        }

        return TypedResults.Ok(history);
    }
}
