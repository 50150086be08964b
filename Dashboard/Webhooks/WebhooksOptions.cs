namespace Dashboard.Webhooks;

/// <summary>
/// Provider webhook settings (configuration section <c>Webhooks</c>; docs/webhooks.md). Nothing configured means every
/// callback is refused with <c>403</c>: a provider account only reaches a tenant when an operator maps it here.
/// </summary>
public sealed class WebhooksOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>
    /// The scheme, host, port and any path prefix the providers use to reach this server (<c>Webhooks:PublicBaseUrl</c>,
    /// e.g. <c>https://dashboard.example.com</c> or <c>https://example.com/dashboard</c>); the request's path and query
    /// as received are appended to it. Needed behind a TLS-terminating proxy or load balancer, where the URL Twilio
    /// signed (https, public host) differs from the one Kestrel sees. Unset: the request's own scheme and <c>Host</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Twilio voice status callbacks.</summary>
    public TwilioWebhookOptions Twilio { get; set; } = new();

    /// <summary>LiveKit webhooks.</summary>
    public LiveKitWebhookOptions LiveKit { get; set; } = new();
}

/// <summary>Twilio accounts allowed to post status callbacks (<c>Webhooks:Twilio</c>).</summary>
public sealed class TwilioWebhookOptions
{
    /// <summary>
    /// Per <c>AccountSid</c> (the configuration key, e.g. <c>Webhooks:Twilio:Accounts:AC0123…:AuthToken</c>): the account's
    /// auth token (the HMAC key) and the tenant its calls belong to. Matched case-insensitively, like every configuration key.
    /// </summary>
    public Dictionary<string, TwilioAccountOptions> Accounts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One Twilio account.</summary>
public sealed class TwilioAccountOptions
{
    /// <summary>The account's (primary) auth token: the key of <c>X-Twilio-Signature</c>. Never logged.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The tenant the account's calls are stored for.</summary>
    public string? Tenant { get; set; }
}

/// <summary>LiveKit API keys allowed to sign webhooks (<c>Webhooks:LiveKit</c>).</summary>
public sealed class LiveKitWebhookOptions
{
    /// <summary>
    /// Per API key (the configuration key, e.g. <c>Webhooks:LiveKit:Keys:APIabc:Secret</c>; the key is the token's
    /// <c>iss</c>): the API secret (the HS256 key) and the tenant.
    /// </summary>
    public Dictionary<string, LiveKitKeyOptions> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One LiveKit API key.</summary>
public sealed class LiveKitKeyOptions
{
    /// <summary>The API secret, at least 32 bytes of UTF-8 (HS256, RFC 7518 §3.2). Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>The tenant the project's rooms are stored for.</summary>
    public string? Tenant { get; set; }

    /// <summary>
    /// The <c>direction</c> of the <c>call.started</c> a room produces: <c>inbound</c> (default) or <c>outbound</c>.
    /// LiveKit rooms carry no direction, and the event catalogue requires one.
    /// </summary>
    public string Direction { get; set; } = "inbound";
}
