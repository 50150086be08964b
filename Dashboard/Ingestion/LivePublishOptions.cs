using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>
/// How long an ingestion request waits for its live messages before answering (configuration section <c>Ingestion</c>,
/// docs/api.md "What a 202 promises", docs/outage.md).
/// </summary>
public sealed class LivePublishOptions
{
    /// <summary>Largest accepted <see cref="LivePublishWaitMilliseconds"/>: 10 s.</summary>
    public const int MaxWaitMilliseconds = 10_000;

    /// <summary>
    /// Most milliseconds the <c>202</c> waits, after the commit, for the request's <c>call_event</c> /
    /// <c>agent_status_changed</c> messages to be sequenced and queued to this node's subscribers
    /// (<c>Ingestion:LivePublishWaitMilliseconds</c>, 0..10000, default 500; 0 answers as soon as they are queued for
    /// publishing). Past it the request is answered anyway and the messages are published in the background, in order,
    /// once the database takes them.
    /// </summary>
    public int LivePublishWaitMilliseconds { get; set; } = 500;
}

/// <summary>Validates <see cref="LivePublishOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class LivePublishOptionsValidator : IValidateOptions<LivePublishOptions>
{
    public ValidateOptionsResult Validate(string? name, LivePublishOptions options) =>
        options.LivePublishWaitMilliseconds is < 0 or > LivePublishOptions.MaxWaitMilliseconds
            ? ValidateOptionsResult.Fail(
                $"Ingestion:LivePublishWaitMilliseconds must be between 0 and {LivePublishOptions.MaxWaitMilliseconds} (was {options.LivePublishWaitMilliseconds}).")
            : ValidateOptionsResult.Success;
}
