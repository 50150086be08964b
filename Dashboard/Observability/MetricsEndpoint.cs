using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>
/// <c>GET /metrics</c>: one shared OpenTelemetry collection written in the format the <c>Accept</c> header negotiates
/// (<see cref="ExpositionFormat.Negotiate"/>), behind the optional static scrape secret of <see cref="MetricsOptions"/>.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The route.</summary>
    public const string Path = "/metrics";

    /// <summary>Maps <c>GET /metrics</c> on <paramref name="routes"/> (anonymous as far as the dashboard's JWTs go).</summary>
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) => routes.MapGet(Path, ScrapeAsync);

    /// <summary>
    /// 200 with the exposition (<c>Vary: Accept</c>); 401 problem with <c>WWW-Authenticate: Bearer</c> when
    /// <see cref="MetricsOptions.RequireToken"/> and the token is missing or wrong; 503 problem when collection fails.
    /// </summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ScrapeAsync(
        HttpContext context, PrometheusPullExporter exporter, IOptions<MetricsOptions> options)
    {
        if (Unauthorized(context, options.Value) is { } challenge)
        {
            return challenge;
        }

        var families = await exporter.ScrapeAsync();
        if (families is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Metrics collection failed",
                detail: "The OpenTelemetry collection failed or timed out; try the scrape again.");
        }

        var format = ExpositionFormat.Negotiate(context.Request.Headers.Accept);
        context.Response.Headers.Vary = "Accept";
        return TypedResults.Text(format.Format(families), format.ContentType);
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
