using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Shared;

/// <summary>Measures CPU over a window: construct it when the window opens, <see cref="Stop"/> when it closes.</summary>
internal sealed class CpuMeter
{
    private readonly BenchmarkServer _server;
    private readonly int? _postmaster;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _serverStart;
    private readonly TimeSpan _databaseStart;
    private readonly TimeSpan _clientStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (long Busy, long Total)? _machineStart = ReadMachine();

    public CpuMeter(BenchmarkServer server, int? postmaster)
    {
        _server = server;
        _postmaster = postmaster;
        _serverStart = server.TotalProcessorTime;
        _databaseStart = TreeCpu(postmaster);
    }

    public CpuFigures Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var server = (_server.TotalProcessorTime - _serverStart).TotalSeconds / wall;
        var database = (TreeCpu(_postmaster) - _databaseStart).TotalSeconds / wall;
        var clients = (Process.GetCurrentProcess().TotalProcessorTime - _clientStart).TotalSeconds / wall;
        var machine = 0.0;
        if (_machineStart is { } start && ReadMachine() is { } end && end.Total > start.Total)
        {
            machine = (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount;
        }

        return new CpuFigures(server, database, clients, machine);
    }

    /// <summary>
    /// CPU the whole machine has been busy with since boot (<c>/proc/stat</c>: every state but idle and iowait), so a report
    /// can tell the benchmark's own processes from other work on a shared machine; zero where /proc is missing.
    /// </summary>
    public static TimeSpan MachineBusy() => TimeSpan.FromSeconds((ReadMachine()?.Busy ?? 0) / 100.0); // USER_HZ

    // The first line of /proc/stat: user nice system idle iowait irq softirq steal ... in clock ticks (guest time is already inside user).
    private static (long Busy, long Total)? ReadMachine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    /// <summary>
    /// CPU of <paramref name="root"/> with its reaped children (cutime, cstime: backends that ended) plus its live
    /// children (the backends), from /proc (clock ticks of 10 ms); zero where /proc is missing.
    /// </summary>
    public static TimeSpan TreeCpu(int? root)
    {
        if (root is not { } pid || !Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || Stat(id) is not { } stat)
            {
                continue;
            }

            if (id == pid)
            {
                ticks += stat.Own + stat.Children;
            }
            else if (stat.Parent == pid)
            {
                ticks += stat.Own;
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // After the command name in parentheses: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
            return ((int)L(4), L(14) + L(15), L(16) + L(17));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // The process ended while we looked.
        }
    }
}
