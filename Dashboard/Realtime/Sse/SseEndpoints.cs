using Dashboard.Auth;
using Dashboard.Observability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Realtime.Sse;

/// <summary><c>GET /sse?topics=a,b</c> (docs/protocol.md §4): every check happens before the stream starts, so errors are plain HTTP.</summary>
internal static class SseEndpoints
{
    public static void MapSseEndpoint(this WebApplication app) =>
        app.MapGet("/sse", HandleAsync).RequireAuthorization(Scopes.Policies.Read).ExcludeFromDescription();

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        string? topics,
        string? lastEventId,
        RealtimeHub hub,
        ConnectionRegistry registry,
        IOptions<RealtimeOptions> options,
        TimeProvider time,
        DashboardMetrics metrics)
    {
        var principal = TokenPrincipal.FromClaims(context.User)!;
        var requested = (topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No topics", "Pass ?topics=a,b with at least one topic.");
        }

        if (requested.Count > options.Value.MaxSubscriptions)
        {
            return Problem(StatusCodes.Status400BadRequest, "Too many topics", $"At most {options.Value.MaxSubscriptions} topics per stream (Realtime:MaxSubscriptions).");
        }

        var unknown = requested.Where(t => !Topics.IsKnown(t)).ToList();
        if (unknown.Count > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown topic", $"Unknown topic(s): {string.Join(", ", unknown.Select(t => t.Length > 100 ? t[..100] : t))}.");
        }

        var forbidden = requested.Where(t => !Topics.CanRead(principal, t)).ToList();
        if (forbidden.Count > 0)
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden topic", $"The token may not read: {string.Join(", ", forbidden)}.");
        }

        // EventSource sends Last-Event-ID on reconnect; clients that cannot set headers may use ?lastEventId=.
        var resumeToken = context.Request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrEmpty(resumeToken))
        {
            resumeToken = lastEventId;
        }

        Dictionary<string, long>? since = null;
        if (!string.IsNullOrEmpty(resumeToken) && !ResumeToken.TryParse(resumeToken, out since))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Last-Event-ID", "The resume token was not issued by this server; reconnect without it.");
        }

        using var connection = new SseConnection(context, principal, hub, options.Value, time, metrics);
        await connection.RunAsync(requested, since, registry);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
