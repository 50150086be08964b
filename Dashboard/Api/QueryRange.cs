using Microsoft.AspNetCore.Http.HttpResults;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Api;

/// <summary>
/// An integer query parameter with its allowed range and default. Parameters are bound as strings and parsed here,
/// because ASP.NET's own binding failure is a bare <c>400</c>, not problem+json naming the parameter. Added to an
/// endpoint's metadata, it also describes the parameter in the OpenAPI document.
/// </summary>
/// <param name="Name">The query parameter's name.</param>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
/// <param name="Default">The value when the parameter is absent.</param>
internal sealed record QueryRange(string Name, int Min, int Max, int Default)
{
    /// <summary><c>limit</c>: the most calls listed, 1..100, default 20.</summary>
    public static readonly QueryRange Limit = new("limit", 1, 100, 20);

    /// <summary><c>days</c>: days of per-day history, 1..400 (the default <c>Retention:RollupDays</c>), default 30.</summary>
    public static readonly QueryRange Days = new("days", 1, 400, 30);

    /// <summary>What a bad value is told.</summary>
    public string Rule => $"{Name} must be an integer from {Min} to {Max} (default {Default}).";

    /// <summary>
    /// The value of <paramref name="raw"/> (the default when absent); false with a <c>400</c> problem naming the parameter
    /// and its range when it is empty, not a plain decimal integer, or out of range.
    /// </summary>
    public bool TryParse(string? raw, out int value, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        problem = null;
        if (raw is null)
        {
            value = Default;
            return true;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= Min && value <= Max)
        {
            return true;
        }

        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [Name] = [Rule] },
            detail: $"{Rule} Got '{(raw.Length > 20 ? raw[..20] + "…" : raw)}'.",
            title: $"Invalid query parameter '{Name}'");
        return false;
    }
}
