using Dashboard.Catalogue;
using Dashboard.Ingestion;
using static Dashboard.Activity.ActivityText;

namespace Dashboard.Activity;

/// <summary>Summaries of the commerce events (docs/activity.md, "Commerce"); they need no context beyond their own data.</summary>
internal static class CommerceSummaries
{
    /// <summary>The line of a commerce event; a failed transaction is a warning, a completed one and a purchase a success.</summary>
    public static EventActivityLine Describe(CloudEvent e)
    {
        var data = e.Data;
        switch (e.Type)
        {
            case EventTypes.TransactionUpdated:
            {
                var id = Text(data, "transactionId") ?? "";
                var money = Priced(data);
                var status = Text(data, "status");
                var (summary, severity) = status switch
                {
                    "refunded" => ($"Refund of {money} on {id}", ActivitySeverity.Info),
                    "completed" => ($"Payment of {money} completed on {id}", ActivitySeverity.Success),
                    "failed" => ($"Payment of {money} failed on {id}", ActivitySeverity.Warning),
                    _ => ($"Payment of {money} {status ?? "updated"} on {id}", ActivitySeverity.Info),
                };
                return Line(id, summary, severity);
            }

            case EventTypes.UserActive:
            {
                var id = Text(data, "userId") ?? "";
                return Line(id, $"User {id} active", ActivitySeverity.Info);
            }

            case EventTypes.ContentViewed:
            {
                var id = Text(data, "contentId") ?? "";
                var user = Text(data, "userId");
                return Line(id, $"Content {id} viewed{(user is null ? "" : $" by {user}")}", ActivitySeverity.Info);
            }

            default:
            {
                var id = Text(data, "contentId") ?? "";
                var price = Amount(data, "amount") is null ? "" : $" for {Priced(data)}";
                return Line(id, $"Content {id} purchased{price}", ActivitySeverity.Success);
            }
        }
    }

    private static string Priced(System.Text.Json.JsonElement data) =>
        Text(data, "currency") is { } currency ? $"{Amount(data, "amount")} {currency}" : Amount(data, "amount") ?? "an amount";

    private static EventActivityLine Line(string subject, string summary, string severity) =>
        new(ActivityDomains.Commerce, subject.Length == 0 ? null : subject, summary, severity);
}
