using System.Globalization;
using System.Numerics;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// The benchmark program's one argument parser: <c>&lt;command&gt; [--name value]… [--flag]…</c>. An option is found
/// wherever it stands; an absent one takes the documented default. A value that does not parse throws
/// <see cref="UsageException"/> naming the option.
/// </summary>
internal sealed class CommandLine(IReadOnlyList<string> args)
{
    /// <summary>The command (the first argument), or "" when there is none.</summary>
    public string Command => args.Count > 0 ? args[0] : "";

    /// <summary>The argument at <paramref name="index"/> (0: the command), or "" past the end.</summary>
    public string this[int index] => index < args.Count ? args[index] : "";

    /// <summary><c>--output</c>: the Markdown file a scenario's section replaces its previous run in, or <c>-</c> to print it only.</summary>
    public string Output => Text("--output", "BENCHMARKS.md");

    /// <summary>The same options under another command (what <c>all</c> passes to each scenario).</summary>
    public CommandLine WithCommand(string command) => new([command, .. args.Skip(1)]);

    /// <summary>The arguments where <paramref name="keep"/> holds (by index), as a new command line.</summary>
    public CommandLine Where(Func<string, int, bool> keep) => new([.. args.Where(keep)]);

    public bool Has(string flag) => args.Contains(flag);

    public string Text(string name, string fallback)
    {
        var i = IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : fallback;
    }

    /// <summary>A comma-separated list.</summary>
    public IReadOnlyList<string> List(string name, string fallback) => Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries);

    public int Int(string name, int fallback) => Number(name, fallback, NumberStyles.Integer);

    /// <summary>A number that may have a fraction (e.g. <c>--minutes 0.5</c>).</summary>
    public double Double(string name, double fallback) => Number(name, fallback, NumberStyles.Float);

    /// <summary>A comma-separated list of whole numbers.</summary>
    public IReadOnlyList<T> Ints<T>(string name, string fallback)
        where T : INumber<T> => [.. List(name, fallback).Select(s => Parse<T>(name, s, NumberStyles.Integer))];

    /// <summary>
    /// <c>--server-env K=V,K2=V2</c>: configuration keys (<c>Section:Key</c>) or runtime variables for the server (e.g. a
    /// before/after experiment such as <c>Ingestion:GroupCommitMaxEvents=0</c> or <c>DOTNET_gcServer=0</c>); null when absent.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ServerSettings() =>
        Text("--server-env", "") is { Length: > 0 } text
            ? text.Split(',').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "")
            : null;

    /// <summary>The arguments as typed, for the command line a report shows.</summary>
    public override string ToString() => string.Join(' ', args);

    private T Number<T>(string name, T fallback, NumberStyles styles)
        where T : INumber<T> => IndexOf(name) >= 0 ? Parse<T>(name, Text(name, ""), styles) : fallback;

    private static T Parse<T>(string name, string text, NumberStyles styles)
        where T : INumber<T> =>
        T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{name}: '{text}' is not a {(styles == NumberStyles.Integer ? "whole number" : "number")}");

    private int IndexOf(string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
