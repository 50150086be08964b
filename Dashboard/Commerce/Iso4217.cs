using System.Collections.Frozen;

namespace Dashboard.Commerce;

/// <summary>
/// The active ISO 4217 currency codes and their minor units (the number of digits after the decimal point of the
/// currency's smallest unit: JPY 0, USD 2, KWD 3, CLF 4), from ISO 4217 list one, "Current currency &amp; funds code
/// list", published by SIX Financial Information as the standard's maintenance agency
/// (https://www.six-group.com/en/products-services/financial-information/data-standards.html, list-one.xml, as published
/// 2026-01-01). docs/events.md §4 names the rule.
/// </summary>
/// <remarks>
/// Codes of list one whose minor unit is "N.A." are left out: precious metals (XAU, XAG, XPD, XPT), bond-market units
/// (XBA–XBD), the SDR (XDR), the Sucre (XSU), the ADB unit of account (XUA), the testing code (XTS) and "no currency"
/// (XXX). None is a currency a shop prices a transaction in, and none has a smallest unit to check an amount against.
/// Withdrawn codes (list three: HRK, SLL, ANG, ZWL…) are refused; a code added by a later amendment needs a line here.
/// </remarks>
internal static class Iso4217
{
    /// <summary>Every accepted alphabetic code (upper case) and its minor unit.</summary>
    public static readonly FrozenDictionary<string, int> MinorUnits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AED"] = 2, ["AFN"] = 2, ["ALL"] = 2, ["AMD"] = 2, ["AOA"] = 2, ["ARS"] = 2, ["AUD"] = 2, ["AWG"] = 2,
        ["AZN"] = 2, ["BAM"] = 2, ["BBD"] = 2, ["BDT"] = 2, ["BHD"] = 3, ["BIF"] = 0, ["BMD"] = 2, ["BND"] = 2,
        ["BOB"] = 2, ["BOV"] = 2, ["BRL"] = 2, ["BSD"] = 2, ["BTN"] = 2, ["BWP"] = 2, ["BYN"] = 2, ["BZD"] = 2,
        ["CAD"] = 2, ["CDF"] = 2, ["CHE"] = 2, ["CHF"] = 2, ["CHW"] = 2, ["CLF"] = 4, ["CLP"] = 0, ["CNY"] = 2,
        ["COP"] = 2, ["COU"] = 2, ["CRC"] = 2, ["CUP"] = 2, ["CVE"] = 2, ["CZK"] = 2, ["DJF"] = 0, ["DKK"] = 2,
        ["DOP"] = 2, ["DZD"] = 2, ["EGP"] = 2, ["ERN"] = 2, ["ETB"] = 2, ["EUR"] = 2, ["FJD"] = 2, ["FKP"] = 2,
        ["GBP"] = 2, ["GEL"] = 2, ["GHS"] = 2, ["GIP"] = 2, ["GMD"] = 2, ["GNF"] = 0, ["GTQ"] = 2, ["GYD"] = 2,
        ["HKD"] = 2, ["HNL"] = 2, ["HTG"] = 2, ["HUF"] = 2, ["IDR"] = 2, ["ILS"] = 2, ["INR"] = 2, ["IQD"] = 3,
        ["IRR"] = 2, ["ISK"] = 0, ["JMD"] = 2, ["JOD"] = 3, ["JPY"] = 0, ["KES"] = 2, ["KGS"] = 2, ["KHR"] = 2,
        ["KMF"] = 0, ["KPW"] = 2, ["KRW"] = 0, ["KWD"] = 3, ["KYD"] = 2, ["KZT"] = 2, ["LAK"] = 2, ["LBP"] = 2,
        ["LKR"] = 2, ["LRD"] = 2, ["LSL"] = 2, ["LYD"] = 3, ["MAD"] = 2, ["MDL"] = 2, ["MGA"] = 2, ["MKD"] = 2,
        ["MMK"] = 2, ["MNT"] = 2, ["MOP"] = 2, ["MRU"] = 2, ["MUR"] = 2, ["MVR"] = 2, ["MWK"] = 2, ["MXN"] = 2,
        ["MXV"] = 2, ["MYR"] = 2, ["MZN"] = 2, ["NAD"] = 2, ["NGN"] = 2, ["NIO"] = 2, ["NOK"] = 2, ["NPR"] = 2,
        ["NZD"] = 2, ["OMR"] = 3, ["PAB"] = 2, ["PEN"] = 2, ["PGK"] = 2, ["PHP"] = 2, ["PKR"] = 2, ["PLN"] = 2,
        ["PYG"] = 0, ["QAR"] = 2, ["RON"] = 2, ["RSD"] = 2, ["RUB"] = 2, ["RWF"] = 0, ["SAR"] = 2, ["SBD"] = 2,
        ["SCR"] = 2, ["SDG"] = 2, ["SEK"] = 2, ["SGD"] = 2, ["SHP"] = 2, ["SLE"] = 2, ["SOS"] = 2, ["SRD"] = 2,
        ["SSP"] = 2, ["STN"] = 2, ["SVC"] = 2, ["SYP"] = 2, ["SZL"] = 2, ["THB"] = 2, ["TJS"] = 2, ["TMT"] = 2,
        ["TND"] = 3, ["TOP"] = 2, ["TRY"] = 2, ["TTD"] = 2, ["TWD"] = 2, ["TZS"] = 2, ["UAH"] = 2, ["UGX"] = 0,
        ["USD"] = 2, ["USN"] = 2, ["UYI"] = 0, ["UYU"] = 2, ["UYW"] = 4, ["UZS"] = 2, ["VED"] = 2, ["VES"] = 2,
        ["VND"] = 0, ["VUV"] = 0, ["WST"] = 2, ["XAD"] = 2, ["XAF"] = 0, ["XCD"] = 2, ["XCG"] = 2, ["XOF"] = 0,
        ["XPF"] = 0, ["YER"] = 2, ["ZAR"] = 2, ["ZMW"] = 2, ["ZWG"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The bound on an amount: every amount is below 10^15 major units (docs/limits.md), so sums over many transactions
    /// stay far inside <see cref="decimal"/>'s 28 digits and every amount keeps its exact minor units.
    /// </summary>
    public const decimal AmountLimit = 1_000_000_000_000_000m;

    /// <summary>True when <paramref name="code"/> is an accepted code (exact: upper case, three letters).</summary>
    public static bool IsActive(string code) => MinorUnits.ContainsKey(code);

    /// <summary>
    /// Why <paramref name="amount"/> cannot be an amount in <paramref name="currency"/> (an active code), in the words of an
    /// error; null when it can: from 0 to below <see cref="AmountLimit"/>, with at most the currency's minor-unit digits
    /// after the decimal point once trailing zeros are removed (<c>12.50</c> and <c>12.500</c> are 12.5 USD; <c>1.5</c> JPY is
    /// refused).
    /// </summary>
    /// <remarks>A <paramref name="currency"/> that is not an active code checks the sign and size only.</remarks>
    public static string? AmountProblem(decimal amount, string currency)
    {
        if (amount < 0)
        {
            return "must be at least 0";
        }

        if (amount >= AmountLimit)
        {
            return "must be less than 10^15";
        }

        // Rounding to the minor unit changes the value exactly when a non-zero digit lies beyond it.
        return !MinorUnits.TryGetValue(currency, out var digits) || decimal.Round(amount, digits) == amount ? null : DigitsProblem(currency);
    }

    /// <summary>The error of an amount with more digits after the point than <paramref name="currency"/>'s minor unit.</summary>
    public static string DigitsProblem(string currency) =>
        $"must have at most {MinorUnits[currency]} digits after the decimal point in {currency} (its ISO 4217 minor unit), trailing zeros aside";
}
