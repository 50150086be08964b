using System.Globalization;

namespace Dashboard.Simulation;

/// <summary>The range check every <c>Simulation:*</c> options class shares, with a message naming the exact key.</summary>
internal static class OptionRanges
{
    /// <summary>
    /// Adds "<paramref name="key"/><paramref name="member"/> must be between … and …" to <paramref name="failures"/> unless
    /// <paramref name="value"/> is in range. Written so NaN fails too: every comparison with NaN is false.
    /// </summary>
    /// <param name="failures">Where a failure is added.</param>
    /// <param name="key">The section prefix with its trailing colon (<c>Simulation:Shop:</c>).</param>
    /// <param name="member">The member's name, or a longer tail such as <c>Currencies:EUR</c>.</param>
    /// <param name="value">The configured value.</param>
    /// <param name="min">Lowest accepted value (excluded when <paramref name="exclusiveMin"/>).</param>
    /// <param name="max">Highest accepted value.</param>
    /// <param name="exclusiveMin">True when <paramref name="min"/> itself is refused.</param>
    public static void Check(List<string> failures, string key, string member, double value, double min, double max, bool exclusiveMin = false)
    {
        if (!((exclusiveMin ? value > min : value >= min) && value <= max))
        {
            var bounds = exclusiveMin
                ? $"greater than {min.ToString(CultureInfo.InvariantCulture)} and at most "
                : $"between {min.ToString(CultureInfo.InvariantCulture)} and ";
            failures.Add(key + member + " must be " + bounds + max.ToString(CultureInfo.InvariantCulture) + ".");
        }
    }
}
