namespace Dashboard.Folding.DeadLetters;

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
