using System.Text;

namespace Dashboard.Alerts.Rules;

/// <summary>The id POST gives a rule without one: its name in lower case, runs of other characters as <c>-</c> (docs/alerts.md).</summary>
internal static class AlertRuleSlug
{
    /// <summary>How many numbered ids (<c>slug-2</c>, <c>slug-3</c>…) are tried when the slug is taken.</summary>
    public const int MaxAttempts = 50;

    /// <summary>The slug of <paramref name="name"/> (at most 56 characters; <c>rule</c> when nothing is left).</summary>
    public static string From(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 56)
            {
                break;
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "rule" : text;
    }

    /// <summary><paramref name="slug"/> with <c>-n</c> appended.</summary>
    public static string Numbered(string slug, int n) => $"{slug}-{n}";
}
