using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Queues;

/// <summary><c>GET /api/v1/queues</c>: the <c>queue_updated</c> payload, computed on request, for clients that do not stream.</summary>
internal static class QueueEndpoints
{
    /// <summary>Maps <c>GET /api/v1/queues</c> (scope <c>dashboard:read</c>; the tenant is the token's).</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup(Api.ApiExtensions.Prefix + "/queues")
            .RequireAuthorization(Scopes.Policies.Read)
            .MapGet("/", GetAsync)
            .WithName("GetQueues")
            .WithSummary("Queue metrics since today 00:00 UTC")
            .WithDescription(
                "Every inbound queue of the token's tenant (callers waiting, longest wait, offered, answered, abandoned, " +
                "service level against its threshold, ASA, AHT, abandonment rate, agents by status) and their totals: the " +
                "payload of queue_updated on topic queue. Formulas in docs/metrics.md.")
            .Produces<QueueUpdated>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);

    /// <summary>200 with <see cref="QueueUpdated"/>; 401 without a valid token, 403 without <c>dashboard:read</c>.</summary>
    private static async Task<Ok<QueueUpdated>> GetAsync(HttpContext context, QueueMetricsCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        var principal = TokenPrincipal.FromClaims(context.User)!;
        var metrics = await calculator.ComputeAsync([principal.Tenant], time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(metrics[0].Queue);
    }
}
