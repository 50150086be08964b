using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

/// <summary>Limits of <c>POST /api/v1/events</c> (configuration section <c>Ingestion</c>; PROTOCOL.md §7).</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Largest accepted <see cref="MaxBatchEvents"/>.</summary>
    public const int MaxBatchEventsLimit = 10_000;

    /// <summary>Smallest accepted <see cref="MaxBodyBytes"/>: 1 KiB.</summary>
    public const long MinBodyBytes = 1024;

    /// <summary>Largest accepted <see cref="MaxBodyBytes"/>: 64 MiB.</summary>
    public const long MaxBodyBytesLimit = 64L * 1024 * 1024;

    /// <summary>
    /// Most events in one request (<c>Ingestion:MaxBatchEvents</c>, 1..10000, default 1000); more → <c>413</c>.
    /// </summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>
    /// Largest request body in bytes (<c>Ingestion:MaxBodyBytes</c>, 1 KiB..64 MiB, default 1 MiB); more → <c>413</c>.
    /// Enforced on the bytes actually read, whatever <c>Content-Length</c> claims.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted <see cref="GroupCommitMaxEvents"/>.</summary>
    public const int GroupCommitMaxEventsLimit = 100_000;

    /// <summary>
    /// Most events that concurrent requests put into one shared statement and commit (<c>Ingestion:GroupCommitMaxEvents</c>,
    /// 0..100000, default 5000; a single larger request still commits whole, alone). 0 turns group commit off: every
    /// request then costs its own commit.
    /// </summary>
    public int GroupCommitMaxEvents { get; set; } = 5000;
}

/// <summary>Validates <see cref="IngestionOptions"/>, naming the exact configuration key at fault.</summary>
internal sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBatchEvents is < 1 or > IngestionOptions.MaxBatchEventsLimit)
        {
            failures.Add($"Ingestion:MaxBatchEvents must be between 1 and {IngestionOptions.MaxBatchEventsLimit} (was {options.MaxBatchEvents}).");
        }

        if (options.MaxBodyBytes is < IngestionOptions.MinBodyBytes or > IngestionOptions.MaxBodyBytesLimit)
        {
            failures.Add($"Ingestion:MaxBodyBytes must be between {IngestionOptions.MinBodyBytes} and {IngestionOptions.MaxBodyBytesLimit} bytes (was {options.MaxBodyBytes}).");
        }

        if (options.GroupCommitMaxEvents is < 0 or > IngestionOptions.GroupCommitMaxEventsLimit)
        {
            failures.Add($"Ingestion:GroupCommitMaxEvents must be between 0 (off) and {IngestionOptions.GroupCommitMaxEventsLimit} events (was {options.GroupCommitMaxEvents}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
