using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Dashboard.Calls;

/// <summary>
/// <c>GET /api/v1/calls/per-day?days=</c> (<see cref="CallsPerDay"/>): long-range call history from the daily roll-ups
/// plus the quarter-hours not yet rolled up, for clients that chart weeks and months. Days are the tenant's local dates
/// (<c>Tenants:{tenant}:TimeZone</c>); a day at a daylight-saving change has 23 or 25 hours.
/// </summary>
internal static class CallsPerDayEndpoint
{
    /// <summary>Maps the endpoint (scope <c>dashboard:read</c>; the tenant is the token's).</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup(ApiExtensions.Prefix + "/calls")
            .RequireAuthorization(Scopes.Policies.Read)
            .MapGet("/per-day", GetAsync)
            .WithName("GetCallsPerDay")
            .WithSummary("Calls per day (the tenant's local dates) over the last `days` days (1..400, default 30), oldest first, zeros included.")
            .WithMetadata(QueryRange.Days);

    /// <summary>200 with <see cref="CallsPerDay"/>; 400 problem+json naming <c>days</c> when it is not an integer in 1..400.</summary>
    private static async Task<Results<Ok<CallsPerDay>, ValidationProblem>> GetAsync(
        string? days, HttpContext context, NpgsqlDataSource dataSource, TenantTimeZones zones, TimeProvider time, CancellationToken ct)
    {
        if (!QueryRange.Days.TryParse(days, out var count, out var problem))
        {
            return problem;
        }

        var tenant = TokenPrincipal.FromClaims(context.User)!.Tenant;
        var calendar = zones.For(tenant);
        var last = calendar.LocalDate(time.GetUtcNow().UtcDateTime);
        var first = last.AddDays(1 - count);
        var totals = await ReadTotalsAsync(dataSource, tenant, calendar, first, last, ct);
        var perDay = new List<CallDayTotals>(count);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            perDay.Add(totals.TryGetValue(day, out var t) ? t : new CallDayTotals(day, 0, 0, 0, null));
        }

        return TypedResults.Ok(new CallsPerDay(count, perDay, calendar.TimeZone, calendar.StartOf(first)));
    }

    // One statement, so a row the roll-up moves from call_hourly to call_daily meanwhile is seen on exactly one side.
    // Daily rows are summed per date whatever zone they were rolled up in (a date rolled up before a zone change keeps
    // that zone's boundaries); quarter-hour rows are grouped by their local date in the zone now ($6).
    private const string Sql = """
        SELECT day, sum(calls)::bigint, sum(ended)::bigint, sum(outcome_completed + outcome_converted)::bigint,
               sum(duration_sum), sum(duration_count)::bigint
        FROM (
            SELECT day, calls, ended, outcome_completed, outcome_converted, duration_sum, duration_count
            FROM call_daily
            WHERE tenant = $1 AND day >= $2 AND day <= $3
            UNION ALL
            SELECT (hour AT TIME ZONE $6)::date, calls, ended, outcome_completed, outcome_converted, duration_sum, duration_count
            FROM call_hourly
            WHERE tenant = $1 AND hour >= $4 AND hour < $5
        ) r
        GROUP BY day
        """;

    /// <summary>
    /// The tenant's totals for the local dates of <paramref name="calendar"/> in
    /// [<paramref name="first"/>, <paramref name="last"/>] that have any roll-up row.
    /// </summary>
    internal static async Task<Dictionary<DateOnly, CallDayTotals>> ReadTotalsAsync(
        NpgsqlDataSource dataSource, string tenant, BusinessCalendar calendar, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(first);
        cmd.Parameters.AddWithValue(last);
        cmd.Parameters.AddWithValue(calendar.StartOf(first));
        cmd.Parameters.AddWithValue(calendar.StartOf(last.AddDays(1)));
        cmd.Parameters.AddWithValue(calendar.TimeZone);
        var result = new Dictionary<DateOnly, CallDayTotals>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var day = reader.GetFieldValue<DateOnly>(0);
            var durationCount = reader.GetInt64(5);
            result[day] = new CallDayTotals(
                day,
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                durationCount > 0 ? reader.GetDouble(4) / durationCount : null);
        }

        return result;
    }
}
