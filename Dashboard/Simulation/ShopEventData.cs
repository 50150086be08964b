namespace Dashboard.Simulation;

/// <summary>
/// <c>transaction.updated</c> data (docs/events.md §4): <paramref name="Amount"/> in the currency's major unit with at most
/// its minor-unit digits (serialised as a JSON number, e.g. <c>19.98</c>), <paramref name="Currency"/> an ISO 4217 code,
/// <paramref name="Status"/> <c>pending</c>, <c>completed</c>, <c>failed</c> or <c>refunded</c>.
/// </summary>
internal sealed record TransactionUpdatedData(string TransactionId, decimal Amount, string Currency, string Status);

/// <summary><c>user.active</c> data: the user is on the site now (a heartbeat while browsing).</summary>
internal sealed record UserActiveData(string UserId);

/// <summary><c>content.viewed</c> data: <paramref name="UserId"/> viewed <paramref name="ContentId"/>.</summary>
internal sealed record ContentViewedData(string ContentId, string UserId);

/// <summary><c>content.purchased</c> data: sent when the payment for <paramref name="ContentId"/> completed, with its amount and currency.</summary>
internal sealed record ContentPurchasedData(string ContentId, decimal Amount, string Currency);
