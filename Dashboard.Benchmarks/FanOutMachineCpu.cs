using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// CPU the whole machine is busy with (<c>/proc/stat</c>: every state but idle and iowait), so a report can tell the
/// benchmark's own processes from other work on a shared machine.
/// </summary>
internal static class FanOutMachineCpu
{
    public static TimeSpan Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var busy = fields.Take(8).Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ
    }
}
