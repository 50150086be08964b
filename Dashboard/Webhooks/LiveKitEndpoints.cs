using Dashboard.Ingestion;
using Dashboard.Retention;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using System.Text.Json;

namespace Dashboard.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/livekit</c>: LiveKit webhook events, authenticated by the <c>Authorization</c> JWT
/// (<see cref="LiveKitWebhookVerifier"/>) of a configured API key, which names the tenant; mapped by
/// <see cref="LiveKitEventMapper"/> and stored through <see cref="EventIngestor"/>.
/// </summary>
internal sealed partial class LiveKitEndpoints
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    private LiveKitEndpoints()
    {
    }

    /// <summary>Maps <c>POST {group}/livekit</c>.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder group)
    {
        group.MapPost("/livekit", PostEventAsync).WithName("LiveKitWebhook");
        return group;
    }

    /// <summary>
    /// <c>202 {accepted, duplicates}</c> once stored (events without a catalogue meaning: <c>202</c> with zeros);
    /// <c>401</c> without <c>Authorization</c>; <c>403</c> for an unknown key, a bad or expired token or a body that is
    /// not the one signed; <c>400</c> for a malformed event; <c>413</c>, <c>415</c>, <c>503</c> as for ingestion.
    /// </summary>
    private static async Task<Results<Accepted<IngestResult>, ProblemHttpResult>> PostEventAsync(
        HttpContext ctx,
        EventIngestor ingestor,
        LiveKitWebhookVerifier verifier,
        IOptionsMonitor<IngestionOptions> ingestion,
        IOptionsMonitor<RetentionOptions> retention,
        TimeProvider time,
        ILogger<LiveKitEndpoints> logger)
    {
        var arrival = time.GetUtcNow();
        if (!WebhookRequest.HasMediaType(ctx.Request, "application/webhook+json", "application/json"))
        {
            return WebhookRequest.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "LiveKit webhooks are application/webhook+json.");
        }

        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return WebhookRequest.Problem(StatusCodes.Status401Unauthorized, "Signature required", "The Authorization header is missing.");
        }

        using var body = await WebhookRequest.ReadBodyAsync(ctx);
        if (body is null)
        {
            return WebhookRequest.TooLarge();
        }

        var (verdict, apiKey, key) = await verifier.VerifyAsync(authorization, body.Memory);
        if (verdict != LiveKitVerdict.Valid)
        {
            LogRejected(logger);
            return WebhookRequest.Problem(StatusCodes.Status403Forbidden, "Invalid signature",
                "The Authorization token is not a valid signature of this body by a configured API key; nothing was stored.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return WebhookRequest.Problem(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Message);
        }

        using (document)
        {
            var events = new WebhookEventFactory(EventLimits.From(ingestion.CurrentValue, retention.CurrentValue), arrival);
            if (LiveKitEventMapper.Map(document.RootElement, apiKey!, key!, arrival, events) is { } malformed)
            {
                LogMalformed(logger, key!.Tenant!, malformed);
                return WebhookRequest.Problem(StatusCodes.Status400BadRequest, "Invalid webhook event", malformed + " Nothing was stored.");
            }

            if (events.Errors.Count > 0)
            {
                return WebhookRequest.InvalidEvents(events.Errors);
            }

            return await WebhookRequest.IngestAsync(ctx, ingestor, key!.Tenant!, events.Events, logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a LiveKit webhook: unknown key, bad token or changed body")]
    private static partial void LogRejected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a signed LiveKit webhook for tenant {Tenant}: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string tenant, string reason);
}
