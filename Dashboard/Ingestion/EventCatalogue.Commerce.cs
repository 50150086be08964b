using Dashboard.Catalogue;
using Dashboard.Commerce;
using System.Text.Json;

namespace Dashboard.Ingestion;

/// <summary>
/// The member rules of the commerce events (docs/events.md §4), which the commerce fold reads. Amounts are exact decimals
/// in the currency's major unit, checked against the currency's ISO 4217 minor unit (<see cref="Iso4217"/>).
/// </summary>
internal static partial class EventCatalogue
{
    private static void AddCommerceRules(Dictionary<string, Action<JsonElement, EventErrorCollector>?> rules)
    {
        rules[EventTypes.TransactionUpdated] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "transactionId", errors);
            AmountAndCurrency(data, errors, required: true);
            JsonFields.RequiredEnum(data, "status", EventTypes.TransactionStatuses, errors);
        };
        rules[EventTypes.UserActive] = Identifiers(required: ["userId"]);
        rules[EventTypes.ContentViewed] = Identifiers(required: ["contentId"], optional: ["userId"]);
        rules[EventTypes.ContentPurchased] = (data, errors) =>
        {
            JsonFields.RequiredIdentifier(data, "contentId", errors);
            AmountAndCurrency(data, errors, required: false);
        };
    }

    // {amount, currency}: both required, or (content.purchased) both absent; a price without its currency, or the reverse,
    // cannot be counted anywhere, so it is refused rather than half stored.
    private static void AmountAndCurrency(JsonElement data, EventErrorCollector errors, bool required)
    {
        var hasAmount = Present(data, "amount", out var amount);
        var hasCurrency = Present(data, "currency", out var currencyValue);
        if (!required && hasAmount != hasCurrency)
        {
            errors.Add(hasAmount ? "data.currency" : "data.amount", hasAmount ? "is required with data.amount" : "is required with data.currency");
        }

        string? currency = null;
        if (hasCurrency)
        {
            if (JsonFields.ReadString(currencyValue, "data.currency", nonEmpty: true, errors) is { } code)
            {
                if (Iso4217.IsActive(code))
                {
                    currency = code;
                }
                else
                {
                    errors.Add("data.currency", $"'{TextRules.Shown(code)}' is not an active ISO 4217 currency code; use the upper-case code, such as EUR, USD or JPY");
                }
            }
        }
        else if (required)
        {
            errors.Add("data.currency", "is required: an ISO 4217 currency code such as EUR");
        }

        if (!hasAmount)
        {
            if (required)
            {
                errors.Add("data.amount", "is required: a JSON number in the currency's major unit, such as 12.50");
            }

            return;
        }

        if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var value))
        {
            errors.Add("data.amount", "must be a JSON number in the currency's major unit, such as 12.50, from 0 to below 10^15");
            return;
        }

        // Without a valid currency the digits allowed are unknown (its error is already reported); sign and size are not.
        var problem = currency is null
            ? Iso4217.AmountProblem(value, "XXX")
            : Iso4217.AmountProblem(value, currency)
              ?? (FractionDigits(amount.GetRawText()) > Iso4217.MinorUnits[currency] ? Iso4217.DigitsProblem(currency) : null);
        if (problem is not null)
        {
            errors.Add("data.amount", problem);
        }
    }

    private static bool Present(JsonElement data, string name, out JsonElement value) =>
        data.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    // Digits after the point of a plain JSON number, trailing zeros removed; -1 for exponent notation (then decimal's exact
    // reading decides). Checked on the text too because a number of more than 28 significant digits would be rounded by
    // decimal, and the rounded value could pass where the sent one does not.
    private static int FractionDigits(string raw)
    {
        if (raw.AsSpan().IndexOfAny('e', 'E') >= 0)
        {
            return -1;
        }

        var point = raw.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? 0 : raw.AsSpan(point + 1).TrimEnd('0').Length;
    }
}
