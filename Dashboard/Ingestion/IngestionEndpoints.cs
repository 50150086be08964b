using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Hosting;
using Dashboard.Observability;
using Dashboard.Retention;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary><c>POST /api/v1/events</c> (docs/protocol.md §7): HTTP in and out; the work is <see cref="EventIngestor"/>'s.</summary>
internal sealed partial class IngestionEndpoints
{
    /// <summary>Seconds a client should wait before retrying while the database is unavailable.</summary>
    internal const int RetryAfterSeconds = Dashboard.Hosting.DatabaseOutage.RetryAfterSeconds;

    private IngestionEndpoints()
    {
    }

    /// <summary>Maps <c>POST {group}/events</c>, requiring the <c>events:write</c> scope.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder group)
    {
        group.MapPost("/events", PostEventsAsync)
            .RequireAuthorization(Scopes.Policies.Write)
            .WithName("IngestEvents");
        return group;
    }

    private static async Task<Results<Accepted<IngestResult>, ProblemHttpResult>> PostEventsAsync(
        HttpContext ctx,
        EventIngestor ingestor,
        IOptionsMonitor<IngestionOptions> options,
        IOptionsMonitor<RetentionOptions> retention,
        TimeProvider time,
        IngestionMetrics metrics,
        ILogger<IngestionEndpoints> logger)
    {
        var arrival = time.GetUtcNow();
        if (TokenPrincipal.FromClaims(ctx.User) is not { } principal)
        {
            // The Write policy requires the tenant claim, so this only guards against a misconfigured pipeline.
            metrics.Rejected(RejectReasons.Unauthorized, 0);
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The token carries no tenant.");
        }

        if (CloudEventReader.ShapeFor(ctx.Request.ContentType) is not { } shape)
        {
            metrics.Rejected(RejectReasons.UnsupportedMediaType, 0);
            return Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                "Send application/cloudevents+json (one event), application/cloudevents-batch+json (a batch) or application/json, UTF-8.");
        }

        var limits = options.CurrentValue;
        using var body = await RequestBodyBuffer.ReadAsync(ctx, limits.MaxBodyBytes);
        if (body is null)
        {
            metrics.Rejected(RejectReasons.TooLarge, 0);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may hold at most {limits.MaxBodyBytes} bytes (Ingestion:MaxBodyBytes).");
        }

        var (parsed, bodyProblem) = CloudEventReader.Parse(body.Memory, shape, limits.MaxBatchEvents);
        using var parsedScope = parsed;
        if (bodyProblem is not null)
        {
            metrics.Rejected(bodyProblem.Status == StatusCodes.Status413PayloadTooLarge ? RejectReasons.TooLarge : RejectReasons.Validation, 0);
            return Problem(bodyProblem.Status, bodyProblem.Title, bodyProblem.Detail);
        }

        var errors = new EventErrorCollector(EventLimits.From(limits, retention.CurrentValue));
        var events = CloudEventValidator.ValidateAll(parsed!.Events, arrival, errors);
        if (errors.Errors.Count > 0)
        {
            var bad = errors.Errors.Select(e => e.Index).Distinct().Count();
            metrics.Rejected(RejectReasons.Validation, parsed.Events.Count);
            LogRejected(logger, principal.Tenant, bad, parsed.Events.Count);
            return InvalidEvents(errors.Errors, bad, parsed.Events.Count);
        }

        return await AcceptAsync(ctx, ingestor, principal.Tenant, events, logger);
    }

    /// <summary>
    /// Stores validated <paramref name="events"/> through <paramref name="ingestor"/> and answers as docs/protocol.md §7 says:
    /// <c>202 {accepted, duplicates}</c> after the commit; <c>503</c> with <c>Retry-After</c> while the database is
    /// unavailable; <c>400</c> when PostgreSQL refuses a value. Shared by every endpoint that ingests (events, webhooks).
    /// </summary>
    internal static async Task<Results<Accepted<IngestResult>, ProblemHttpResult>> AcceptAsync(
        HttpContext ctx, EventIngestor ingestor, string tenant, IReadOnlyList<CloudEvent> events, ILogger logger)
    {
        try
        {
            return TypedResults.Accepted((string?)null, await ingestor.IngestAsync(tenant, events, ctx.RequestAborted));
        }
        catch (DatabaseUnavailableException ex)
        {
            LogUnavailable(logger, ex.InnerException ?? ex);
            ctx.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A connection lost during COMMIT leaves the outcome unknown, so promise only what holds either way.
            return Problem(StatusCodes.Status503ServiceUnavailable, "Event store unavailable",
                "The database is unavailable; retry later. Retrying is safe: events already stored are acknowledged as duplicates, never counted twice.");
        }
        catch (EventsRejectedByStorageException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Events rejected by storage", ex.Message + "; nothing was stored.");
        }
        catch (EventsRefusedException ex)
        {
            var bad = ex.Errors.Select(e => e.Index).Distinct().Count();
            LogRejected(logger, tenant, bad, events.Count);
            return InvalidEvents(ex.Errors, bad, events.Count);
        }
    }

    // The one shape of a 400 naming events by index (docs/protocol.md §7), whether a rule of the catalogue or the KPI
    // series cap refused them.
    private static ProblemHttpResult InvalidEvents(IReadOnlyList<EventError> errors, int bad, int count) =>
        Problem(
            StatusCodes.Status400BadRequest,
            "Invalid events",
            $"{bad} of {count} events are invalid; nothing was stored.",
            new Dictionary<string, object?> { ["errors"] = errors });

    private static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected a request of tenant {Tenant}: {BadEvents} of {Events} events invalid")]
    private static partial void LogRejected(ILogger logger, string tenant, int badEvents, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event store unavailable; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception ex);
}
