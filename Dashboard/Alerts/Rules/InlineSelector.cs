using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Dashboard.Alerts.Rules;

/// <summary>
/// A metric reference with an inline label selector (docs/alerts.md, "Label selectors"):
/// <c>queue.longestWaitSeconds{queue=support}</c> or <c>{queue="support",x="a,b"}</c>. A quoted value may hold <c>,</c>
/// and <c>}</c> and escapes <c>\"</c>, <c>\\</c>, <c>\n</c>; a bare value stops at <c>,</c> or <c>}</c>.
/// </summary>
internal static class InlineSelector
{
    /// <summary>Splits <paramref name="reference"/> into the bare metric and its inline pairs (none without braces).</summary>
    public static bool TrySplit(string reference, out string metric, out List<(string Name, string Value)> pairs, [NotNullWhen(false)] out string? problem)
    {
        pairs = [];
        problem = null;
        var open = reference.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            metric = reference.Trim();
            return true;
        }

        metric = reference[..open].Trim();
        var text = reference.AsSpan(open + 1);
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == '}' && pairs.Count == 0)
            {
                i++;
                break;
            }

            var eq = text[i..].IndexOf('=');
            if (eq < 0)
            {
                problem = "the inline selector must be {name=value,…}: a pair has no '='.";
                return false;
            }

            var name = text.Slice(i, eq).Trim().ToString();
            i += eq + 1;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        value.Append(text[i] == 'n' ? '\n' : text[i]);
                    }
                    else
                    {
                        value.Append(text[i]);
                    }

                    i++;
                }

                if (i >= text.Length)
                {
                    problem = "the inline selector has an unterminated quoted value.";
                    return false;
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '}'))
                {
                    value.Append(text[i++]);
                }
            }

            pairs.Add((name, value.ToString().Trim()));
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            if (i < text.Length && text[i] == '}')
            {
                i++;
                break;
            }

            problem = "the inline selector must be {name=value,…} and end with '}'.";
            return false;
        }

        if (i != text.Length)
        {
            problem = "nothing may follow the inline selector's '}'.";
            return false;
        }

        return true;
    }
}
