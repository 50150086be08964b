using Dashboard.Catalogue;
using System.Globalization;

namespace Dashboard.Commerce;

/// <summary>
/// One stored commerce event as the commerce fold reads it (docs/events.md §4). Only the members its type carries are set;
/// <see cref="Time"/> is the event's CloudEvents <c>time</c> (UTC), which orders every merge.
/// </summary>
/// <param name="Tenant">The event's tenant.</param>
/// <param name="Type">One of <c>transaction.updated</c>, <c>user.active</c>, <c>content.viewed</c>, <c>content.purchased</c>.</param>
/// <param name="Time">Event time (UTC).</param>
/// <param name="EventId">CloudEvents <c>id</c>: the last tie-break between two statuses of one transaction at the same time.</param>
/// <param name="TransactionId">The transaction (<c>transaction.updated</c>).</param>
/// <param name="Amount">The transaction's amount in the major unit of <paramref name="Currency"/> (<c>transaction.updated</c>).</param>
/// <param name="Currency">ISO 4217 code of <paramref name="Amount"/>.</param>
/// <param name="Status"><c>pending</c>, <c>failed</c>, <c>completed</c> or <c>refunded</c>.</param>
/// <param name="UserId">The user of <c>user.active</c>.</param>
/// <param name="ContentId">The item of <c>content.viewed</c> and <c>content.purchased</c>.</param>
internal sealed record CommerceEvent(
    string Tenant,
    string Type,
    DateTime Time,
    string EventId,
    string? TransactionId = null,
    decimal Amount = 0,
    string? Currency = null,
    string? Status = null,
    string? UserId = null,
    string? ContentId = null)
{
    /// <summary>True for the types the commerce fold reads.</summary>
    public static bool IsCommerce(string type) =>
        type is EventTypes.TransactionUpdated or EventTypes.UserActive or EventTypes.ContentViewed or EventTypes.ContentPurchased;

    /// <summary>
    /// The event of <paramref name="type"/> read from its <c>data</c> members (each as the text of <c>data-&gt;&gt;name</c>);
    /// null when the member the fold keys on is missing (nothing to fold it into: ignored, as the chat fold does).
    /// </summary>
    /// <exception cref="FormatException">
    /// A <c>transaction.updated</c> breaks the rules ingestion applies today (an event stored before they existed): the
    /// fold sets it aside as a dead letter, the backfill skips it.
    /// </exception>
    public static CommerceEvent? From(string tenant, string type, DateTime time, string eventId, Func<string, string?> member)
    {
        string? Id(string name) => member(name) is { Length: > 0 } s ? s : null;
        var e = new CommerceEvent(tenant, type, time, eventId);
        switch (type)
        {
            case EventTypes.TransactionUpdated:
                if (Id("transactionId") is not { } transaction)
                {
                    return null;
                }

                var currency = member("currency") is { } code && Iso4217.IsActive(code)
                    ? code
                    : throw new FormatException("data.currency must be an active ISO 4217 currency code");
                var status = member("status") is { } s && EventTypes.TransactionStatuses.Contains(s)
                    ? s
                    : throw new FormatException("data.status must be one of " + string.Join(", ", EventTypes.TransactionStatuses));
                return e with { TransactionId = transaction, Amount = ParseAmount(member("amount"), currency), Currency = currency, Status = status };
            case EventTypes.UserActive:
                return Id("userId") is { } user ? e with { UserId = user } : null;
            case EventTypes.ContentViewed:
            case EventTypes.ContentPurchased:
                return Id("contentId") is { } content ? e with { ContentId = content } : null;
            default:
                return null;
        }
    }

    // PostgreSQL prints a jsonb number as the numeric it stored (12.50 keeps its scale; 1.5e2 prints as 150).
    private static decimal ParseAmount(string? text, string currency) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && Iso4217.AmountProblem(amount, currency) is null
            ? amount
            : throw new FormatException($"data.amount must be a number from 0 to below 10^15 with at most {Iso4217.MinorUnits[currency]} decimals in {currency}");
}
