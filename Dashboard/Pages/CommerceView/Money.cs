using System.Globalization;
using Dashboard.Commerce;
using Dashboard.Pages.Shell;

namespace Dashboard.Pages.CommerceView;

/// <summary>
/// Amounts as the Commerce page, the Wallboard and the Overview show them (docs/pages.md, "Commerce"): the ISO 4217 code,
/// a no-break space, the amount with thousands separators and at least the currency's minor-unit digits (ISO 4217
/// list one: 2 for EUR, 0 for JPY, 3 for KWD), more when the decimal has more, so the exact decimal is shown and never
/// rounded ("EUR 1,234.50", "JPY 1,500", "KWD 12.345"). The same text <c>Intl.NumberFormat('en-US', {style: 'currency',
/// currencyDisplay: 'code'})</c> writes in <c>wwwroot/js/commerce-view.js</c> (<c>money</c>), its browser twin.
/// </summary>
internal static class Money
{
    /// <summary>
    /// The ISO 4217 minor-unit digits of <paramref name="currency"/> (<see cref="Iso4217"/>; 2 for a code it does not list).
    /// <c>MINOR_UNITS</c> in <c>wwwroot/js/commerce-view.js</c> lists the same codes whose minor unit is not 2.
    /// </summary>
    public static int MinorUnits(string currency) => Iso4217.MinorUnits.GetValueOrDefault(currency, 2);

    /// <summary>"EUR 1,234.50" (no-break space after the code); "—" without an amount.</summary>
    public static string Format(decimal? amount, string currency)
    {
        if (amount is not { } a)
        {
            return Display.None;
        }

        // Digits the decimal really has (its scale without trailing zeros), never fewer than the currency's minor unit.
        var digits = Math.Max(MinorUnits(currency), Scale(a));
        var number = Math.Abs(a).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (a < 0 ? "-" : "") + currency + "\u00A0" + number;
    }

    private static int Scale(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? 0 : text.AsSpan(point + 1).TrimEnd('0').Length;
    }
}
