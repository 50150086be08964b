using System.Collections.Frozen;
using Dashboard.Calendar;
using Dashboard.Catalogue;

namespace Dashboard.Commerce;

/// <summary>
/// One row of <c>commerce_transactions</c> (migration 0010): the transaction's state taken whole from its winning event —
/// the newest by event time; at equal times the later stage of pending &lt; failed &lt; completed &lt; refunded; then the
/// greater event id (ordinal); then the greater currency and amount, so two events that agree on all of that still give
/// one answer. Any order of the same events gives the same row (docs/events.md §4).
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="Status">Status of the winning event.</param>
/// <param name="StatusAt">Event time of the winning event: when the transaction reached <paramref name="Status"/>.</param>
/// <param name="Amount">Amount of the winning event (major unit).</param>
/// <param name="Currency">Currency of the winning event.</param>
/// <param name="EventId">Id of the winning event.</param>
/// <param name="FirstSeen">Earliest event time of any of its events.</param>
internal sealed record CommerceTransactionRow(
    string Tenant, string TransactionId, string Status, DateTime StatusAt, decimal Amount, string Currency, string EventId, DateTime FirstSeen)
{
    private static readonly FrozenDictionary<string, int> Stages =
        EventTypes.TransactionStatuses.Select((status, index) => KeyValuePair.Create(status, index)).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The row a transaction's first folded event makes.</summary>
    public static CommerceTransactionRow From(CommerceEvent e) =>
        new(e.Tenant, e.TransactionId!, e.Status!, e.Time, e.Amount, e.Currency!, e.EventId, e.Time);

    /// <summary>
    /// Where the transaction counts in <c>commerce_transaction_buckets</c>: the quarter-hour of <see cref="StatusAt"/>
    /// (<see cref="QuarterHours"/>), its status and currency.
    /// </summary>
    public (DateTime Bucket, string Status, string Currency) BucketKey => (QuarterHours.Of(StatusAt), Status, Currency);

    /// <summary>This row with <paramref name="e"/> (a <c>transaction.updated</c> of the same transaction) merged in.</summary>
    public CommerceTransactionRow Apply(CommerceEvent e)
    {
        var firstSeen = e.Time < FirstSeen ? e.Time : FirstSeen;
        return Wins(e)
            ? this with { Status = e.Status!, StatusAt = e.Time, Amount = e.Amount, Currency = e.Currency!, EventId = e.EventId, FirstSeen = firstSeen }
            : this with { FirstSeen = firstSeen };
    }

    /// <summary>The tie-break rank of a status: its index in <see cref="EventTypes.TransactionStatuses"/>.</summary>
    /// <returns>0 for the first, …; -1 for a status outside the catalogue.</returns>
    public static int Stage(string status) => Stages.GetValueOrDefault(status, -1);

    private bool Wins(CommerceEvent e)
    {
        if (e.Time != StatusAt)
        {
            return e.Time > StatusAt;
        }

        var order = Stage(e.Status!).CompareTo(Stage(Status));
        if (order == 0)
        {
            order = string.CompareOrdinal(e.EventId, EventId);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(e.Currency, Currency);
        }

        return order == 0 ? e.Amount > Amount : order > 0;
    }
}
