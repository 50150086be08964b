using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>
/// A process's resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>) and CPU time (<c>utime</c> + <c>stime</c> of
/// <c>/proc/&lt;pid&gt;/stat</c>) at one instant, read from outside the process so the reading costs it nothing.
/// </summary>
internal readonly record struct ProcessSample(long RssBytes, TimeSpan Cpu, DateTime At)
{
    // USER_HZ: the unit of utime/stime. The kernel fixes it at 100 on every architecture .NET runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    /// <summary>Resolution of <see cref="Cpu"/>: one clock tick.</summary>
    public static readonly TimeSpan CpuResolution = TimeSpan.FromSeconds(1 / TicksPerSecond);

    public static ProcessSample Read(int pid)
    {
        var at = DateTime.UtcNow;
        long rssKb = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rssKb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                break;
            }
        }

        // The command name (field 2) may contain spaces and parentheses: fields are counted from after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(rssKb * 1024, TimeSpan.FromSeconds(ticks / TicksPerSecond), at);
    }

    /// <summary>CPU milliseconds per wall-clock second between <paramref name="start"/> and this sample.</summary>
    public double CpuMillisecondsPerSecondSince(ProcessSample start) =>
        (Cpu - start.Cpu).TotalMilliseconds / Math.Max((At - start.At).TotalSeconds, 1e-3);
}
