namespace Dashboard.Folding.DeadLetters;

/// <summary>An event the fold set aside: its identity in <c>events</c> and why it failed.</summary>
/// <param name="Tenant">The event's tenant.</param>
/// <param name="Txid">The event's <c>events.txid</c>.</param>
/// <param name="Seq">The event's <c>events.seq</c> (unique).</param>
/// <param name="Source">CloudEvents <c>source</c>.</param>
/// <param name="EventId">CloudEvents <c>id</c>.</param>
/// <param name="Type">CloudEvents <c>type</c>.</param>
/// <param name="Error">SQLSTATE and message, or the exception's type and message; at most 1,000 characters.</param>
/// <param name="SqlState">PostgreSQL's SQLSTATE when PostgreSQL refused it.</param>
internal sealed record DeadLetter(string Tenant, ulong Txid, long Seq, string Source, string EventId, string Type, string Error, string? SqlState)
{
    /// <summary>The dead letter of <paramref name="row"/>.</summary>
    public static DeadLetter From(FoldRow row, string error, string? sqlState) =>
        new(row.Tenant, row.Txid, row.Seq, row.Source, row.EventId, row.Type, error, sqlState);
}

/// <summary>
/// One row of <c>dead_letters</c> as the REST API and the pages show it (docs/dead-letters.md). Timestamps UTC.
/// </summary>
/// <param name="Id">The entry's id (REST path parameter).</param>
/// <param name="EventSource">The event's CloudEvents <c>source</c>.</param>
/// <param name="EventId">The event's CloudEvents <c>id</c>.</param>
/// <param name="EventType">The event's CloudEvents <c>type</c>.</param>
/// <param name="Stage">Where it failed: <c>fold</c>.</param>
/// <param name="State"><c>retrying</c> (retried with back-off) or <c>quarantined</c> (waits for an admin).</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="Error">The last error (SQLSTATE and message).</param>
/// <param name="FirstFailedAt">First failure.</param>
/// <param name="LastFailedAt">Latest failure.</param>
/// <param name="NextAttemptAt">Next automatic retry; null once quarantined.</param>
public sealed record DeadLetterEntry(
    long Id,
    string EventSource,
    string EventId,
    string EventType,
    string Stage,
    string State,
    int Attempts,
    string Error,
    DateTime FirstFailedAt,
    DateTime LastFailedAt,
    DateTime? NextAttemptAt);

/// <summary>Dead-letter counts by state.</summary>
/// <param name="Retrying">Entries still retried automatically.</param>
/// <param name="Quarantined">Entries that exhausted <c>DeadLetters:MaxAttempts</c> and wait for an admin.</param>
public sealed record DeadLetterCounts(long Retrying, long Quarantined)
{
    /// <summary>No entry.</summary>
    public static readonly DeadLetterCounts None = new(0, 0);

    /// <summary>Both states together.</summary>
    public long Total => Retrying + Quarantined;
}
