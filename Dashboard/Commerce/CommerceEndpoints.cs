using Dashboard.Api;
using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Commerce;

/// <summary>
/// <c>GET /api/v1/commerce</c>, <c>/commerce/revenue</c>, <c>/commerce/transactions</c> and <c>/commerce/content</c>: the
/// commerce figures of the token's tenant, computed on request in its business calendar (docs/api.md; formulas in
/// docs/metrics.md §7).
/// </summary>
internal static class CommerceEndpoints
{
    /// <summary>What a bad <c>status</c> is told.</summary>
    internal static readonly string StatusRule =
        $"status must be one of {string.Join(", ", CommerceMetricsBuilder.Statuses)}, or absent for every status.";

    /// <summary>Maps the four endpoints (scope <c>dashboard:read</c>; the tenant is the token's).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var commerce = app.MapGroup(Prefix + "/commerce").RequireAuthorization(Scopes.Policies.Read).WithTags("Reports");
        commerce.MapGet("/", GetAsync)
            .WithName("GetCommerce")
            .WithSummary("Commerce metrics: revenue per currency, active users, transactions, content")
            .WithDescription(
                "Revenue per currency (all time, today, this week, this month in the tenant's time zone), active users now, today " +
                "and the 24-hour peak, transactions by status (all time and today), content views, purchases and conversion, and " +
                "the last 60 minutes of revenue and active users: the payload of commerce_update on topic commerce. Zeros and " +
                "empty lists for a tenant without commerce data. Formulas in docs/metrics.md §7.")
            .Produces<CommerceUpdate>(StatusCodes.Status200OK);
        commerce.MapGet("/revenue", GetRevenueAsync)
            .WithName("GetCommerceRevenue")
            .WithSummary("Completed revenue per local day and currency over the last `days` days")
            .WithDescription(
                "Days are local dates in the tenant's time zone (timeZone), today included, oldest first; every currency with a " +
                "completed transaction in the window has an entry for every day (zeros included). Amounts are exact decimals.")
            .WithMetadata(QueryRange.Days)
            .Produces<CommerceRevenueReport>(StatusCodes.Status200OK)
            .ProducesValidationProblem();
        commerce.MapGet("/transactions", GetTransactionsAsync)
            .WithName("GetCommerceTransactions")
            .WithSummary("The newest transactions by the time of their current status")
            .WithDescription("At most `limit` transactions, of one `status` or all, newest statusAt first; `total` is the true number.")
            .WithMetadata(QueryRange.Limit)
            .Produces<CommerceTransactionsReport>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Bound as a string and checked here, so the document states the allowed values itself.
                if (operation.Parameters?.FirstOrDefault(p => p.Name == "status") is OpenApiParameter status)
                {
                    status.Description = StatusRule + " Otherwise 400 problem+json naming the parameter.";
                    status.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. CommerceMetricsBuilder.Statuses.Select(s => (System.Text.Json.Nodes.JsonNode)s)],
                    };
                }

                return Task.CompletedTask;
            });
        commerce.MapGet("/content", GetContentAsync)
            .WithName("GetCommerceContent")
            .WithSummary("The most viewed content items, all time, with purchases and conversion")
            .WithDescription("At most `limit` items, most views first; `total` is the number of items with any view or purchase.")
            .WithMetadata(QueryRange.Limit)
            .Produces<CommerceContentReport>(StatusCodes.Status200OK)
            .ProducesValidationProblem();
    }

    /// <summary>200 with <see cref="CommerceUpdate"/>; 401 without a valid token, 403 without <c>dashboard:read</c>.</summary>
    private static async Task<Ok<CommerceUpdate>> GetAsync(HttpContext context, CommerceMetricsCalculator calculator, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await calculator.ComputeAsync([Tenant(context)], time.GetUtcNow().UtcDateTime, recordPeak: false, ct))[0].Update);

    /// <summary>200 with <see cref="CommerceRevenueReport"/>; 400 problem+json naming <c>days</c> when it is not an integer in 1..400.</summary>
    private static async Task<Results<Ok<CommerceRevenueReport>, ValidationProblem>> GetRevenueAsync(
        [FromQuery] string? days, HttpContext context, CommerceReportsReader reader, TimeProvider time, CancellationToken ct) =>
        QueryRange.Days.TryParse(days, out var n, out var problem)
            ? TypedResults.Ok(await reader.RevenueAsync(Tenant(context), n, time.GetUtcNow().UtcDateTime, ct))
            : problem;

    /// <summary>200 with <see cref="CommerceTransactionsReport"/>; 400 problem+json naming <c>status</c> or <c>limit</c> when either is bad.</summary>
    private static async Task<Results<Ok<CommerceTransactionsReport>, ValidationProblem>> GetTransactionsAsync(
        [FromQuery] string? status, [FromQuery] string? limit, HttpContext context, CommerceReportsReader reader, TimeProvider time, CancellationToken ct)
    {
        if (status is not null && !CommerceMetricsBuilder.Statuses.Contains(status, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = [StatusRule] },
                detail: $"{StatusRule} Got '{(status.Length > 20 ? status[..20] + "…" : status)}'.",
                title: "Invalid query parameter 'status'");
        }

        if (!QueryRange.Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok(await reader.TransactionsAsync(Tenant(context), status, n, time.GetUtcNow().UtcDateTime, ct));
    }

    /// <summary>200 with <see cref="CommerceContentReport"/>; 400 problem+json naming <c>limit</c> when it is not an integer in 1..100.</summary>
    private static async Task<Results<Ok<CommerceContentReport>, ValidationProblem>> GetContentAsync(
        [FromQuery] string? limit, HttpContext context, CommerceReportsReader reader, TimeProvider time, CancellationToken ct) =>
        QueryRange.Limit.TryParse(limit, out var n, out var problem)
            ? TypedResults.Ok(await reader.ContentAsync(Tenant(context), n, time.GetUtcNow().UtcDateTime, ct))
            : problem;
}
