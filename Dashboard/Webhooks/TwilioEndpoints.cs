using Dashboard.Ingestion;
using Dashboard.Retention;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhooks/twilio/voice</c>: Twilio voice status callbacks, authenticated by <c>X-Twilio-Signature</c>
/// (<see cref="TwilioSignature"/>) with the auth token configured for the callback's <c>AccountSid</c>, which also
/// names the tenant; mapped by <see cref="TwilioCallMapper"/> and stored through <see cref="EventIngestor"/>.
/// </summary>
internal sealed partial class TwilioEndpoints
{
    private TwilioEndpoints()
    {
    }

    /// <summary>Maps <c>POST {group}/twilio/voice</c>.</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder group)
    {
        group.MapPost("/twilio/voice", PostVoiceStatusAsync).WithName("TwilioVoiceStatusCallback");
        return group;
    }

    /// <summary>
    /// <c>202 {accepted, duplicates}</c> once stored; <c>401</c> without a signature; <c>403</c> for an unknown account
    /// or a wrong signature; <c>400</c> for a malformed callback; <c>413</c>, <c>415</c>, <c>503</c> as for ingestion.
    /// Nothing is stored unless the signature is valid and every event of the callback is.
    /// </summary>
    private static async Task<Results<Accepted<IngestResult>, ProblemHttpResult>> PostVoiceStatusAsync(
        HttpContext ctx,
        EventIngestor ingestor,
        IOptions<WebhooksOptions> options,
        IOptionsMonitor<IngestionOptions> ingestion,
        IOptionsMonitor<RetentionOptions> retention,
        TimeProvider time,
        ILogger<TwilioEndpoints> logger)
    {
        var arrival = time.GetUtcNow();
        if (!WebhookRequest.HasMediaType(ctx.Request, "application/x-www-form-urlencoded"))
        {
            return WebhookRequest.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Twilio status callbacks are application/x-www-form-urlencoded.");
        }

        if (ctx.Request.Headers[TwilioSignature.HeaderName] is not [{ Length: > 0 } signature])
        {
            return WebhookRequest.Problem(StatusCodes.Status401Unauthorized, "Signature required",
                $"The {TwilioSignature.HeaderName} header is missing.");
        }

        using var body = await WebhookRequest.ReadBodyAsync(ctx);
        if (body is null)
        {
            return WebhookRequest.TooLarge();
        }

        Dictionary<string, StringValues> form;
        try
        {
            using var reader = new FormReader(System.Text.Encoding.UTF8.GetString(body.Memory.Span));
            form = reader.ReadForm();
        }
        catch (InvalidDataException ex)
        {
            return WebhookRequest.Problem(StatusCodes.Status400BadRequest, "Malformed form body", ex.Message);
        }

        // The account is only a claim until the signature made with its token checks out.
        var accountSid = form.TryGetValue("AccountSid", out var sids) && sids.Count == 1 ? sids[0] : null;
        if (string.IsNullOrEmpty(accountSid) || !options.Value.Twilio.Accounts.TryGetValue(accountSid, out var account))
        {
            LogRejected(logger, "unknown AccountSid");
            return Forbidden();
        }

        var url = WebhookRequest.SignedUrl(ctx, options.Value.PublicBaseUrl);
        if (!TwilioSignature.IsValid(account.AuthToken!, url, [.. form], signature))
        {
            LogRejected(logger, "signature mismatch");
            return Forbidden();
        }

        var events = new WebhookEventFactory(EventLimits.From(ingestion.CurrentValue, retention.CurrentValue), arrival);
        if (TwilioCallMapper.Map(form, accountSid, arrival, events) is { } malformed)
        {
            LogMalformed(logger, account.Tenant!, malformed);
            return WebhookRequest.Problem(StatusCodes.Status400BadRequest, "Invalid status callback", malformed + " Nothing was stored.");
        }

        if (events.Errors.Count > 0)
        {
            return WebhookRequest.InvalidEvents(events.Errors);
        }

        return await WebhookRequest.IngestAsync(ctx, ingestor, account.Tenant!, events.Events, logger);
    }

    // One answer for an unknown account and a wrong signature: which accounts are configured is not the caller's business.
    private static ProblemHttpResult Forbidden() =>
        WebhookRequest.Problem(StatusCodes.Status403Forbidden, "Invalid signature",
            $"The {TwilioSignature.HeaderName} does not match this request for a configured account; nothing was stored.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a Twilio callback: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a signed Twilio callback for tenant {Tenant}: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string tenant, string reason);
}
