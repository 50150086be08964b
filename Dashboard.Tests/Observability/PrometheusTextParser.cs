using System.Globalization;
using System.Text;

namespace Dashboard.Tests.Observability;

/// <summary>One parsed sample line.</summary>
public sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>True when every given label is present with the given value.</summary>
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
}

/// <summary>One parsed family: its TYPE name and type, and its samples in order.</summary>
public sealed record ParsedFamily(string Name, string Type, string? Help, List<ParsedSample> Samples);

/// <summary>
/// A deliberately strict parser of the Prometheus text format 0.0.4 as this server writes it: every line is blank,
/// <c># HELP name text</c>, <c># TYPE name type</c> or <c>name{labels} value</c>; every sample belongs to the most recent
/// TYPE family (counters and gauges: the family name; histograms: name_bucket/_sum/_count with cumulative buckets
/// ending in <c>le="+Inf"</c> at least <c>_count</c>, equal when nothing was observed during the scrape); no family appears twice. Throws <see cref="FormatException"/>
/// naming the line otherwise.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static List<ParsedFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a newline.");
        }

        var families = new List<ParsedFamily>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ParsedFamily? current = null;
        string? pendingHelpName = null;
        string? pendingHelp = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: '{line}'";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ');
                var name = space < 0 ? rest : rest[..space];
                RequireMetricName(name, where);
                if (pendingHelpName is not null || seen.Contains(name))
                {
                    throw new FormatException($"HELP repeated or not followed by its TYPE at {where}");
                }

                pendingHelpName = name;
                pendingHelp = space < 0 ? "" : UnescapeHelp(rest[(space + 1)..], where);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                if (parts.Length != 2 || !Types.Contains(parts[1]))
                {
                    throw new FormatException($"Bad TYPE at {where}");
                }

                RequireMetricName(parts[0], where);
                if (pendingHelpName is not null && pendingHelpName != parts[0])
                {
                    throw new FormatException($"HELP for {pendingHelpName} followed by TYPE of another family at {where}");
                }

                if (!seen.Add(parts[0]))
                {
                    throw new FormatException($"Family {parts[0]} repeated at {where}");
                }

                current = new ParsedFamily(parts[0], parts[1], pendingHelp, []);
                families.Add(current);
                pendingHelpName = null;
                pendingHelp = null;
                continue;
            }

            if (line.StartsWith('#'))
            {
                throw new FormatException($"Unexpected comment at {where}");
            }

            if (current is null || pendingHelpName is not null)
            {
                throw new FormatException($"Sample outside a TYPE family at {where}");
            }

            var sample = ParseSample(line, where);
            if (!BelongsTo(sample.Name, current))
            {
                throw new FormatException($"Sample {sample.Name} does not belong to family {current.Name} ({current.Type}) at {where}");
            }

            current.Samples.Add(sample);
        }

        if (pendingHelpName is not null)
        {
            throw new FormatException($"HELP for {pendingHelpName} without TYPE at the end.");
        }

        foreach (var family in families.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return families;
    }

    private static bool BelongsTo(string sampleName, ParsedFamily family) => family.Type switch
    {
        "histogram" => sampleName == family.Name + "_bucket" || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count",
        "summary" => sampleName == family.Name || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count",
        _ => sampleName == family.Name,
    };

    private static void CheckHistogram(ParsedFamily family)
    {
        static string Key(ParsedSample s) => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        foreach (var series in family.Samples.GroupBy(Key))
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = series.Single(s => s.Name == family.Name + "_count").Value;
            _ = series.Single(s => s.Name == family.Name + "_sum");
            if (buckets.Count == 0 || buckets[^1].Labels["le"] != "+Inf")
            {
                throw new FormatException($"{family.Name}{{{series.Key}}} does not end with le=\"+Inf\".");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (ParseValue(buckets[i].Labels["le"], "le") <= ParseValue(buckets[i - 1].Labels["le"], "le") || buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{family.Name}{{{series.Key}}} buckets are not increasing and cumulative.");
                }
            }

            // prometheus-net writes _count (the sum of its bucket counters) before the buckets and does not stop
            // observations meanwhile, so a histogram in use may show a +Inf bucket above _count, never below it.
            if (buckets[^1].Value < count)
            {
                throw new FormatException($"{family.Name}{{{series.Key}}}: +Inf bucket {buckets[^1].Value} < _count {count}.");
            }
        }
    }

    private static ParsedSample ParseSample(string line, string where)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        RequireMetricName(name, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0)
                {
                    throw new FormatException($"Bad label at {where}");
                }

                var labelName = line[i..eq];
                if (labelName.Length == 0 || !IsName(labelName, allowColon: false))
                {
                    throw new FormatException($"Bad label name '{labelName}' at {where}");
                }

                if (eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw new FormatException($"Label value not quoted at {where}");
                }

                var value = new StringBuilder();
                i = eq + 2;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"Unterminated label value at {where}");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var e = i < line.Length ? line[i++] : throw new FormatException($"Dangling escape at {where}");
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"Bad escape \\{e} at {where}"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"Label {labelName} repeated at {where}");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                    continue;
                }

                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                throw new FormatException($"Expected , or }} at {where}");
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"Expected one space before the value at {where}");
        }

        var valueText = line[(i + 1)..];
        if (valueText.Contains(' '))
        {
            throw new FormatException($"Unexpected text after the value (timestamps are not written) at {where}");
        }

        return new ParsedSample(name, labels, ParseValue(valueText, where));
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"Bad value '{text}' at {where}"),
    };

    private static string UnescapeHelp(string text, string where)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                sb.Append(text[i]);
                continue;
            }

            var e = ++i < text.Length ? text[i] : throw new FormatException($"Dangling escape in HELP at {where}");
            sb.Append(e switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"Bad HELP escape \\{e} at {where}"),
            });
        }

        return sb.ToString();
    }

    private static void RequireMetricName(string name, string where)
    {
        if (name.Length == 0 || !IsName(name, allowColon: true))
        {
            throw new FormatException($"Bad metric name '{name}' at {where}");
        }
    }

    private static bool IsName(string name, bool allowColon) =>
        !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':'));
}
