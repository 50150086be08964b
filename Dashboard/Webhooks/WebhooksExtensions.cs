using Microsoft.Extensions.Options;

namespace Dashboard.Webhooks;

/// <summary>Registers and maps the provider webhooks (docs/webhooks.md; docs/events.md §6, provider adapters).</summary>
public static class WebhooksExtensions
{
    /// <summary>Adds the <c>Webhooks</c> options (validated at start-up) and the signature verifiers.</summary>
    /// <exception cref="OptionsValidationException">At start-up, when <c>Webhooks:*</c> settings are invalid (message names the key).</exception>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhooksOptionsValidator>();
        builder.Services.AddSingleton<LiveKitWebhookVerifier>();
        return builder;
    }

    /// <summary>
    /// Maps <c>POST /api/v1/webhooks/twilio/voice</c> and <c>POST /api/v1/webhooks/livekit</c>. They are authenticated by
    /// the providers' signatures, never by a bearer token or cookie, so the group allows anonymous callers explicitly:
    /// a fallback authorization policy added later must not turn the providers away.
    /// </summary>
    public static WebApplication MapWebhooks(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/webhooks").AllowAnonymous();
        TwilioEndpoints.Map(group);
        LiveKitEndpoints.Map(group);
        return app;
    }
}
