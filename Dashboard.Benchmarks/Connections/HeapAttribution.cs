using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Dashboard.Benchmarks.Connections;

/// <summary>One type's live objects in a heap dump: how many and their shallow size (bytes).</summary>
internal readonly record struct HeapTypeStat(string Type, long Count, long Bytes);

/// <summary>
/// <c>--gcdump DIR</c>: heap dumps of the server with <c>dotnet-gcdump</c> (the .NET diagnostics tool, a dotnet global
/// tool) before and after the idle connections open, and their per-type difference divided by the connection count:
/// which live objects each connection costs and how many bytes. A dump walks the live heap after a blocking full
/// collection, so it counts live objects only (no garbage, no GC budget) and it changes the RSS that follows it.
/// </summary>
internal static class HeapAttribution
{
    /// <summary>The tool: <c>DOTNET_GCDUMP</c>, else <c>~/.dotnet/tools/dotnet-gcdump</c>, else <c>dotnet-gcdump</c> on PATH.</summary>
    public static string Tool =>
        Environment.GetEnvironmentVariable("DOTNET_GCDUMP") is { Length: > 0 } set ? set
        : File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump"))
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump")
        : "dotnet-gcdump";

    /// <summary>Collects a dump of <paramref name="pid"/> into <paramref name="path"/> and returns its per-type statistics.</summary>
    public static async Task<IReadOnlyList<HeapTypeStat>> CollectAsync(int pid, string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await RunAsync(["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", path], ct);
        var report = await RunAsync(["report", path], ct);
        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".txt"), report, ct);
        return Parse(report);
    }

    /// <summary>
    /// Parses <c>dotnet-gcdump report</c>'s heap statistics (<c>size count type [module]</c> rows). The first column is the
    /// type's size, not the row's total, so a row's bytes are size × count: exact for fixed-size types, an estimate for
    /// arrays and strings (one size stands for the row). A type split into size buckets (<c>System.Byte[] (Bytes &gt; 1K)</c>)
    /// is summed into one row. For exact array and string bytes, read the .gcdump files with a heap viewer.
    /// </summary>
    public static IReadOnlyList<HeapTypeStat> Parse(string report)
    {
        var stats = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        foreach (var raw in report.Split('\n'))
        {
            var line = raw.Trim();
            var fields = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3
                || !long.TryParse(fields[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var bytes)
                || !long.TryParse(fields[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count))
            {
                continue;
            }

            var type = fields[2];
            var module = type.LastIndexOf("  [", StringComparison.Ordinal);
            if (module >= 0)
            {
                type = type[..module];
            }

            var bucket = type.IndexOf(" (Bytes > ", StringComparison.Ordinal);
            if (bucket >= 0)
            {
                type = type[..bucket];
            }

            var sum = stats.GetValueOrDefault(type.Trim());
            stats[type.Trim()] = (sum.Count + count, sum.Bytes + bytes * count);
        }

        return [.. stats.Select(kv => new HeapTypeStat(kv.Key, kv.Value.Count, kv.Value.Bytes))];
    }

    /// <summary>
    /// The per-connection difference <paramref name="after"/> − <paramref name="before"/>: a Markdown table of the
    /// <paramref name="top"/> types by bytes per connection (count and bytes per connection), then the total.
    /// </summary>
    public static string PerConnection(IReadOnlyList<HeapTypeStat> before, IReadOnlyList<HeapTypeStat> after, int connections, int top = 40)
    {
        var c = CultureInfo.InvariantCulture;
        var old = before.ToDictionary(s => s.Type, StringComparer.Ordinal);
        var rows = after.Select(s => old.TryGetValue(s.Type, out var b) ? s with { Count = s.Count - b.Count, Bytes = s.Bytes - b.Bytes } : s)
            .Concat(before.Where(b => !after.Any(a => a.Type == b.Type)).Select(b => b with { Count = -b.Count, Bytes = -b.Bytes }))
            .ToList();
        var n = Math.Max(1, connections);
        var s = new StringBuilder();
        s.AppendLine(c, $"| type | count per connection | bytes per connection |");
        s.AppendLine("|---|---:|---:|");
        foreach (var r in rows.OrderByDescending(r => r.Bytes).Take(top))
        {
            s.AppendLine(c, $"| `{r.Type}` | {r.Count / (double)n:F2} | {r.Bytes / (double)n:F1} |");
        }

        s.AppendLine(c, $"| **all types** | {rows.Sum(r => r.Count) / (double)n:F2} | **{rows.Sum(r => r.Bytes) / (double)n:F1}** |");
        return s.ToString();
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Tool}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{Tool} {string.Join(' ', args)} did not finish in 5 minutes");
        }

        var text = await output;
        return process.ExitCode == 0 && !text.Contains("Failed to collect", StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException($"{Tool} {string.Join(' ', args)} failed ({process.ExitCode}): {text} {await error}");
    }
}
