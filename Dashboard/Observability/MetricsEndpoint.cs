using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Dashboard.Observability;

/// <summary>
/// <c>GET /metrics</c>: behind the optional static scrape secret of <see cref="MetricsOptions"/>, prometheus-net's
/// exporter (<see cref="MetricServerMiddleware"/>) on the application's registry writes the Prometheus text format 0.0.4,
/// or OpenMetrics 1.0.0 when <c>Accept</c> prefers it (docs/observability.md).
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The route.</summary>
    public const string Path = "/metrics";

    /// <summary>Maps <c>GET /metrics</c> on <paramref name="routes"/> (anonymous as far as the dashboard's JWTs go).</summary>
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) => routes.MapGet(Path, ScrapeAsync);

    /// <summary>
    /// 200 with the exposition and <c>Vary: Accept</c>; 401 problem with <c>WWW-Authenticate: Bearer</c> when
    /// <see cref="MetricsOptions.RequireToken"/> and the token is missing or wrong.
    /// </summary>
    private static async Task ScrapeAsync(HttpContext context, MetricsExposition exposition, IOptions<MetricsOptions> options)
    {
        if (Unauthorized(context, options.Value) is { } challenge)
        {
            await challenge.ExecuteAsync(context);
            return;
        }

        // The format depends on Accept, so caches must key on it; prometheus-net does not say so itself.
        context.Response.Headers.Vary = "Accept";
        await exposition.WriteAsync(context);
    }

    // RFC 6750 §3: a request without credentials gets a bare "Bearer" challenge, one with a wrong token error="invalid_token".
    // Only the header is read: a secret in the query string would end up in access logs.
    private static ProblemHttpResult? Unauthorized(HttpContext context, MetricsOptions options)
    {
        if (!options.RequireToken)
        {
            return null;
        }

        var header = context.Request.Headers.Authorization;
        var presented = header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;
        if (presented is not null && Matches(presented, options.BearerToken ?? ""))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = presented is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: presented is null
                ? "This endpoint requires 'Authorization: Bearer <token>' with the configured scrape token (Metrics:BearerToken)."
                : "The bearer token is not the configured scrape token (Metrics:BearerToken).");
    }

    // Hashing first makes the comparison constant-time in the length as well as the content of the secret.
    private static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
