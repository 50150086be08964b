using Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static Dashboard.Api.ApiExtensions;

namespace Dashboard.Calls;

/// <summary>
/// The call reports of docs/metrics.md §3 for clients that do not stream, computed on request for the token's tenant:
/// <c>/calls/metrics</c>, <c>/calls/active</c>, <c>/calls/recent</c>, <c>/calls/per-hour</c> and <c>/agents/performance</c>.
/// Formulas: docs/metrics.md; reference: docs/api.md.
/// </summary>
internal static class CallEndpoints
{
    /// <summary><c>hours</c>: the window's length, 1..168 (a week), default 24.</summary>
    internal static readonly QueryRange Hours = new("hours", CallWindow.MinHours, CallWindow.MaxHours, CallWindow.DefaultHours);

    /// <summary>Maps the call reports on <paramref name="api"/> (the report group).</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/calls/metrics", GetMetrics)
            .WithName("GetCallMetrics")
            .WithSummary("Call metrics over the last `hours` hours")
            .WithDescription("Calls started in [now − hours h, now]: total, active, ended, completed (completed or converted), success rate, average duration, outcome counts. Ratios are null on a zero denominator.")
            .WithMetadata(Hours);
        api.MapGet("/calls/active", GetActive)
            .WithName("GetActiveCalls")
            .WithSummary("Calls in progress now, longest first")
            .WithDescription("The shape of the `active_calls_update` message: the count of active calls and at most 100 of them, with live durations.");
        api.MapGet("/calls/recent", GetRecent)
            .WithName("GetRecentCalls")
            .WithSummary("The newest ended calls")
            .WithDescription("At most `limit` ended calls, newest end first.")
            .WithMetadata(QueryRange.Limit);
        api.MapGet("/calls/per-hour", GetPerHour)
            .WithName("GetCallsPerHour")
            .WithSummary("Calls per UTC hour over the last `hours` hours")
            .WithDescription("One entry per UTC hour overlapping the window (hours + 1 entries, oldest first, zeros included); the first entry counts only calls started inside the window.")
            .WithMetadata(Hours);
        api.MapGet("/agents/performance", GetAgentPerformance)
            .WithName("GetAgentPerformance")
            .WithSummary("Per-agent call performance over the last `hours` hours")
            .WithDescription("Every agent with a call started in the window: total and completed calls, average duration, success rate; most calls first.")
            .WithMetadata(Hours);
    }

    private static async Task<Results<Ok<CallMetrics>, ValidationProblem>> GetMetrics(
        [FromQuery] string? hours, HttpContext context, CallWindowCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        if (!Hours.TryParse(hours, out var h, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok((await ComputeAsync(context, calculator, h, time, ct)).Metrics);
    }

    private static async Task<Ok<ActiveCallsUpdate>> GetActive(
        HttpContext context, ActiveCallsReader reader, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await reader.ComputeAsync(Tenant(context), time.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<Ok<RecentCallsReport>, ValidationProblem>> GetRecent(
        [FromQuery] string? limit, HttpContext context, RecentCallsReader reader, TimeProvider time, CancellationToken ct)
    {
        if (!QueryRange.Limit.TryParse(limit, out var n, out var problem))
        {
            return problem;
        }

        var calls = await reader.ReadAsync(Tenant(context), n, ct);
        return TypedResults.Ok(new RecentCallsReport(calls, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<Results<Ok<CallsPerHourReport>, ValidationProblem>> GetPerHour(
        [FromQuery] string? hours, HttpContext context, CallWindowCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        if (!Hours.TryParse(hours, out var h, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok((await ComputeAsync(context, calculator, h, time, ct)).ToPerHour());
    }

    private static async Task<Results<Ok<AgentPerformanceReport>, ValidationProblem>> GetAgentPerformance(
        [FromQuery] string? hours, HttpContext context, CallWindowCalculator calculator, TimeProvider time, CancellationToken ct)
    {
        if (!Hours.TryParse(hours, out var h, out var problem))
        {
            return problem;
        }

        return TypedResults.Ok((await ComputeAsync(context, calculator, h, time, ct)).ToAgents());
    }

    private static async Task<CallWindowStats> ComputeAsync(HttpContext context, CallWindowCalculator calculator, int hours, TimeProvider time, CancellationToken ct)
    {
        var tenant = Tenant(context);
        var stats = await calculator.ComputeAsync([tenant], hours, time.GetUtcNow().UtcDateTime, ct);
        return stats[tenant];
    }
}
