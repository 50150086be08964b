using System.Globalization;
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
    // ISO 4217 list one: the active codes whose minor unit is not 2 (every other code has 2). Twin of MINOR_UNITS in
    // wwwroot/js/commerce-view.js.
    private static readonly Dictionary<string, int> MinorUnitExceptions = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
        ["CLF"] = 4, ["UYW"] = 4,
    };

    /// <summary>The ISO 4217 minor-unit digits of <paramref name="currency"/> (2 unless listed otherwise).</summary>
    public static int MinorUnits(string currency) => MinorUnitExceptions.GetValueOrDefault(currency, 2);

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
