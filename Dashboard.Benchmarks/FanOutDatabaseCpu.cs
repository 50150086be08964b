using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// CPU used by the benchmark's PostgreSQL cluster: its postmaster and every process it forked (backends, walwriter…),
/// from <c>/proc</c>. Backends that exit are counted through the postmaster's reaped-children time.
/// </summary>
internal sealed class FanOutDatabaseCpu(string clusterFolder)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ

    public TimeSpan Read()
    {
        var postmaster = Postmaster();
        if (postmaster is null)
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Stat(pid) is not { } f)
            {
                continue;
            }

            // Fields after "(comm) ": [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            if (pid == postmaster)
            {
                ticks += f[11] + f[12] + f[13] + f[14];
            }
            else if (f[1] == postmaster)
            {
                ticks += f[11] + f[12];
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    private int? Postmaster()
    {
        var file = Directory.EnumerateFiles(clusterFolder, "postmaster.pid", SearchOption.AllDirectories).FirstOrDefault();
        return file is not null && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
    }

    private static long[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ').Take(15)
                .Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
