using Microsoft.Extensions.Options;

namespace Dashboard.Realtime;

/// <summary>Validates <see cref="RealtimeOptions"/>, naming the exact key at fault.</summary>
internal sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions o)
    {
        var errors = new List<string>();
        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                errors.Add($"Realtime:{key} must be between {min} and {max} (was {value}).");
            }
        }

        Range(o.AuthTimeoutSeconds, 1, 300, nameof(o.AuthTimeoutSeconds));
        Range(o.HeartbeatSeconds, 1, 3600, nameof(o.HeartbeatSeconds));
        Range(o.PongTimeoutSeconds, 1, 3600, nameof(o.PongTimeoutSeconds));
        Range(o.TokenExpiryWarningSeconds, 0, 86400, nameof(o.TokenExpiryWarningSeconds));
        Range(o.MaxMessageBytes, 256, 16 * 1024 * 1024, nameof(o.MaxMessageBytes));
        Range(o.MaxPublishBytes, 4 * 1024, 64 * 1024 * 1024, nameof(o.MaxPublishBytes));
        if (o.MaxPublishBytes > o.SendQueueBytes)
        {
            errors.Add($"Realtime:MaxPublishBytes must be at most Realtime:SendQueueBytes ({o.SendQueueBytes}), or every subscriber of a largest message would be closed as a slow consumer (was {o.MaxPublishBytes}).");
        }

        Range(o.MaxMessagesPerSecond, 1, 100_000, nameof(o.MaxMessagesPerSecond));
        Range(o.MaxSubscriptions, 1, 100_000, nameof(o.MaxSubscriptions));
        Range(o.SendQueueMessages, 8, 1_000_000, nameof(o.SendQueueMessages));
        Range(o.SendQueueBytes, 64 * 1024, 1024 * 1024 * 1024, nameof(o.SendQueueBytes));
        Range(o.HistorySize, 0, 1_000_000, nameof(o.HistorySize));
        if (o.HistoryTtl <= TimeSpan.Zero || o.HistoryTtl > TimeSpan.FromDays(7))
        {
            errors.Add($"Realtime:HistoryTtl must be more than 0 and at most 7 days, e.g. \"00:10:00\" (was {o.HistoryTtl}).");
        }

        Range(o.SseHeartbeatSeconds, 1, 3600, nameof(o.SseHeartbeatSeconds));
        Range(o.SsePaddingBytes, 0, 64 * 1024, nameof(o.SsePaddingBytes));
        Range(o.CloseTimeoutSeconds, 1, 60, nameof(o.CloseTimeoutSeconds));
        Range(o.TrimMemoryAfterDisconnects, 0, 10_000_000, nameof(o.TrimMemoryAfterDisconnects));
        for (var i = 0; i < o.AllowedOrigins.Length; i++)
        {
            if (!Uri.TryCreate(o.AllowedOrigins[i], UriKind.Absolute, out _))
            {
                errors.Add($"Realtime:AllowedOrigins:{i} must be an absolute origin such as https://ops.example.com (was '{o.AllowedOrigins[i]}').");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
