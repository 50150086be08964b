using Microsoft.Extensions.Options;

namespace Dashboard.Ingestion;

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

        if (options.MaxIdentifierBytes is < 1 or > IngestionOptions.IdentifierBytesCeiling)
        {
            failures.Add($"Ingestion:MaxIdentifierBytes must be between 1 and {IngestionOptions.IdentifierBytesCeiling} bytes (was {options.MaxIdentifierBytes}): ids form topics and keys.");
        }

        if (options.MaxTextBytes is < 16 or > IngestionOptions.TextBytesCeiling)
        {
            failures.Add($"Ingestion:MaxTextBytes must be between 16 and {IngestionOptions.TextBytesCeiling} bytes (was {options.MaxTextBytes}).");
        }

        if (options.MaxListEntries is < 1 or > IngestionOptions.ListEntriesCeiling)
        {
            failures.Add($"Ingestion:MaxListEntries must be between 1 and {IngestionOptions.ListEntriesCeiling} (was {options.MaxListEntries}).");
        }

        if (options.MaxFutureSkewSeconds is < 0 or > IngestionOptions.FutureSkewCeilingSeconds)
        {
            failures.Add($"Ingestion:MaxFutureSkewSeconds must be between 0 and {IngestionOptions.FutureSkewCeilingSeconds} seconds (was {options.MaxFutureSkewSeconds}).");
        }

        if (options.LivePublishWaitMilliseconds is < 0 or > IngestionOptions.MaxLivePublishWaitMilliseconds)
        {
            failures.Add($"Ingestion:LivePublishWaitMilliseconds must be between 0 and {IngestionOptions.MaxLivePublishWaitMilliseconds} (was {options.LivePublishWaitMilliseconds}).");
        }

        if (options.MaxEventAgeDays is < 1 or > 3650)
        {
            failures.Add($"Ingestion:MaxEventAgeDays must be between 1 and 3650 days, or unset for Retention:Days (was {options.MaxEventAgeDays}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
