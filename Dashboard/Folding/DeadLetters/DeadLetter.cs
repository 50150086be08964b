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
