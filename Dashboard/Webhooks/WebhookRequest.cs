using Dashboard.Api;
using Dashboard.Ingestion;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Webhooks;

/// <summary>What the webhook endpoints share: the body limit, reading the raw body, the signed URL, problem responses.</summary>
internal static class WebhookRequest
{
    /// <summary>
    /// Largest webhook body in bytes (64 KiB). A Twilio status callback is about 1 KB and a LiveKit event a few KB; the
    /// body must be held whole anyway, because the signature covers it.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads the whole body, at most <see cref="MaxBodyBytes"/>; null when it is larger (<c>413</c>).</summary>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    public static Task<RequestBodyBuffer?> ReadBodyAsync(HttpContext ctx) => RequestBodyBuffer.ReadAsync(ctx, MaxBodyBytes);

    /// <summary>
    /// The URL the provider requested, as it signed it: <c>Webhooks:PublicBaseUrl</c> (else the request's scheme and
    /// <c>Host</c>) followed by the request target exactly as received (path and query still percent-encoded, so
    /// nothing is re-escaped differently from what the provider signed).
    /// </summary>
    public static string SignedUrl(HttpContext ctx, string? publicBaseUrl)
    {
        var target = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw
            : ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
        var origin = publicBaseUrl is { Length: > 0 } ? publicBaseUrl.TrimEnd('/') : $"{ctx.Request.Scheme}://{ctx.Request.Host}";
        return origin + target;
    }

    /// <summary>True when the request's media type is one of <paramref name="mediaTypes"/> (parameters such as charset ignored).</summary>
    public static bool HasMediaType(HttpRequest request, params string[] mediaTypes) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
        && mediaTypes.Any(m => parsed.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase));

    /// <summary>A problem+json response (RFC 9457).</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>
    /// Stores <paramref name="events"/> through the shared ingestion path and answers as <c>POST /api/v1/events</c> does
    /// (<see cref="IngestionEndpoints.AcceptAsync"/>): providers retry on <c>503</c>, and duplicates are never counted twice.
    /// </summary>
    public static Task<Results<Accepted<IngestResult>, ProblemHttpResult>> IngestAsync(
        HttpContext ctx, EventIngestor ingestor, string tenant, IReadOnlyList<CloudEvent> events, ILogger logger) =>
        IngestionEndpoints.AcceptAsync(ctx, ingestor, tenant, events, logger);

    /// <summary><c>413</c>: the body is over <see cref="MaxBodyBytes"/>.</summary>
    public static ProblemHttpResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"A webhook body may hold at most {MaxBodyBytes} bytes.");

    /// <summary><c>400</c>: a provider value the event catalogue refuses; nothing was stored.</summary>
    public static ProblemHttpResult InvalidEvents(IReadOnlyList<EventError> errors) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid webhook", "The webhook maps to events the catalogue refuses; nothing was stored.",
            new Dictionary<string, object?> { ["errors"] = errors });
}
