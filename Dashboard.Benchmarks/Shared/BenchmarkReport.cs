using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Dashboard.Benchmarks.Shared;

/// <summary>Writes a scenario's figures as a Markdown section of BENCHMARKS.md, replacing that scenario's previous run.</summary>
internal static class BenchmarkReport
{
    /// <summary>
    /// A new section: its heading, then <see cref="RunLine"/>, each followed by a blank line; the scenario appends its
    /// description and tables.
    /// </summary>
    public static StringBuilder Begin(string heading, DateTime started, string arguments, string? machineExtra = null) =>
        new StringBuilder().AppendLine(heading).AppendLine().AppendLine(RunLine(started, arguments, machineExtra)).AppendLine();

    /// <summary>A Markdown table: its header and alignment rows, then one row per item (a row is <c>| … |</c>).</summary>
    public static void AppendTable<T>(StringBuilder s, string header, string alignment, IEnumerable<T> items, Func<T, string> row)
    {
        s.AppendLine(header).AppendLine(alignment);
        foreach (var item in items)
        {
            s.AppendLine(row(item));
        }
    }

    /// <summary>
    /// Prints a scenario's section and, unless <c>--output -</c>, replaces that scenario's previous run in the
    /// <c>--output</c> file (section name: the command).
    /// </summary>
    public static void Publish(CommandLine args, string section)
    {
        Console.WriteLine(section);
        if (args.Output is not "-" and var output)
        {
            WriteSection(output, args.Command, section);
            Console.WriteLine($"written to {output}");
        }
    }

    /// <summary>
    /// The line every section opens with: when, on what machine (<paramref name="machineExtra"/> adds facts a scenario
    /// depends on), and the command that reproduces it.
    /// </summary>
    public static string RunLine(DateTime started, string arguments, string? machineExtra = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Run {started:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {(machineExtra is null ? "" : machineExtra + ", ")}{RuntimeInformation.OSDescription}, .NET {Environment.Version}: `dotnet run -c Release --project Dashboard.Benchmarks -- {arguments}`.");

    /// <summary>Replaces (or appends) the section between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
    public static void WriteSection(string path, string name, string section)
    {
        string begin = $"<!-- {name}:begin -->", end = $"<!-- {name}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\nFigures from the benchmark program (`Dashboard.Benchmarks`); each section names the command that produced it.\n";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";
        int i = text.IndexOf(begin, StringComparison.Ordinal), j = text.IndexOf(end, StringComparison.Ordinal);
        text = i >= 0 && j > i ? text[..i] + block + text[(j + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }

    /// <summary>
    /// What bounds a window's figures: the machine figure includes PostgreSQL and anything else running; near all cores
    /// busy means the CPU is the bound.
    /// </summary>
    public static string CpuBound(CpuFigures cpu)
    {
        var cores = Environment.ProcessorCount;
        var saturated = cpu.Machine >= 0.85 * cores;
        var verdict = saturated
            ? "(saturated: the figure is bounded by the shared CPU, not by the server alone)."
            : "(not saturated: the figure is the path's own cost, commit, backplane NOTIFY and fan-out).";
        return string.Create(CultureInfo.InvariantCulture,
            $"What bounds it: one machine runs the server, PostgreSQL and the load clients; during the timed window the server used {cpu.Server:F2} cores, PostgreSQL {cpu.Database:F2}, the clients {cpu.Clients:F2}, the whole machine {cpu.Machine:F2} of {cores} {verdict}");
    }
}
