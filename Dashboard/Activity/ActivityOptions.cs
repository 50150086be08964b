using Microsoft.Extensions.Options;

namespace Dashboard.Activity;

/// <summary>Configuration section <c>Activity</c> (docs/activity.md, docs/limits.md).</summary>
public sealed class ActivityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Activity";

    /// <summary>The smallest and largest <see cref="MaxMessagesPerRequest"/>.</summary>
    public const int MinMessagesPerRequest = 1, MaxMessagesPerRequestLimit = 1000;

    /// <summary>
    /// A request with at most this many newly stored events publishes one <c>activity</c> message per event; a larger
    /// one publishes a single coalesced message (<c>{items, count}</c>). 1–1,000, default 10.
    /// </summary>
    public int MaxMessagesPerRequest { get; set; } = 10;
}

/// <summary>Validates <see cref="ActivityOptions"/>; each failure names its configuration key.</summary>
internal sealed class ActivityOptionsValidator : IValidateOptions<ActivityOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivityOptions options) =>
        options.MaxMessagesPerRequest is < ActivityOptions.MinMessagesPerRequest or > ActivityOptions.MaxMessagesPerRequestLimit
            ? ValidateOptionsResult.Fail(
                $"{ActivityOptions.SectionName}:{nameof(ActivityOptions.MaxMessagesPerRequest)} must be between {ActivityOptions.MinMessagesPerRequest} and " +
                $"{ActivityOptions.MaxMessagesPerRequestLimit} (was {options.MaxMessagesPerRequest}).")
            : ValidateOptionsResult.Success;
}
