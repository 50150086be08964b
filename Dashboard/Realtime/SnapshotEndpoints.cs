using Dashboard.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Realtime;

/// <summary>
/// <c>GET /api/v1/snapshots/{topic}</c> (docs/protocol.md §6): the topic's newest data message for polling clients, with
/// <c>ETag</c> = its seq (RFC 9110 §8.8.3) so an unchanged poll costs a <c>304</c>.
/// </summary>
internal static class SnapshotEndpoints
{
    public static void MapSnapshotEndpoints(this WebApplication app) =>
        app.MapGroup("/api/v1/snapshots").RequireAuthorization(Scopes.Policies.Read).MapGet("/{topic}", Get);

    /// <summary>
    /// 200 with the envelope; 304 when <c>If-None-Match</c> names the current seq; 204 before the topic's first message;
    /// 404 for a topic outside the catalogue; 403 for a topic the token may not read.
    /// </summary>
    private static Results<FileContentHttpResult, StatusCodeHttpResult, NoContent, ProblemHttpResult> Get(string topic, HttpContext context, RealtimeHub hub)
    {
        var principal = TokenPrincipal.FromClaims(context.User)!;
        if (!Topics.IsKnown(topic))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown topic", detail: $"'{(topic.Length > 100 ? topic[..100] : topic)}' is not a topic.");
        }

        if (!Topics.CanRead(principal, topic))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden topic", detail: $"The token may not read '{topic}'.");
        }

        var latest = hub.Latest(principal.Tenant, topic);
        if (latest is null)
        {
            return TypedResults.NoContent();
        }

        var etag = $"\"{latest.Seq}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "W/" + etag || t == "*"))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(latest.Json.ToArray(), "application/json");
    }
}
