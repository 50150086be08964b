using System.Globalization;
using System.Text;
using System.Text.Json;
using Dashboard.Pages.Shell;
using Dashboard.Realtime;

namespace Dashboard.Pages.SystemPage;

/// <summary>
/// The System page's first view from the hub's newest <c>system_health_update</c>, formatted as
/// <c>wwwroot/js/system.js</c> formats live updates (which re-renders it on load). Missing values show as "—".
/// </summary>
public sealed class SystemSnapshot
{
    /// <summary>Shown for a missing value.</summary>
    public const string None = Display.None;

    /// <summary>Nothing published yet.</summary>
    public static SystemSnapshot Empty { get; } = new();

    /// <summary>The sample's <c>ts</c> (ISO 8601 UTC), or null.</summary>
    public string? UpdatedAt { get; private set; }

    /// <summary>The node that took the sample, or null.</summary>
    public NodeRow? Node { get; private set; }

    /// <summary>Readiness: "healthy", "degraded", "unhealthy" or "—".</summary>
    public string Readiness { get; private set; } = None;

    /// <summary>One row per transport: WebSocket, SSE, Polling.</summary>
    public IReadOnlyList<TransportRow> Transports { get; private set; } = [];

    /// <summary>One row per recurring job, by name.</summary>
    public IReadOnlyList<JobRow> Jobs { get; private set; } = [];

    /// <summary>The envelope as JSON (or <c>null</c>), safe inside a <c>&lt;script type="application/json"&gt;</c>.</summary>
    public string InitialJson { get; private set; } = "null";

    /// <summary>Builds the first view from the newest <c>system</c> snapshot (null: nothing yet).</summary>
    public static SystemSnapshot From(HubMessage? system)
    {
        if (system is null)
        {
            return Empty;
        }

        var snapshot = new SystemSnapshot
        {
            InitialJson = Display.ScriptSafe(Encoding.UTF8.GetString(system.Json.Span)),
            UpdatedAt = HubEnvelope.FormatTimestamp(system.Timestamp),
        };
        using var doc = JsonDocument.Parse(system.Json);
        var d = doc.RootElement.GetProperty("data");
        snapshot.Node = new NodeRow(
            Text(d, "node"),
            Text(d, "version"),
            Number(d, "cpuPercent", v => v.ToString("F1", CultureInfo.InvariantCulture) + " %"),
            Number(d, "workingSetBytes", Bytes),
            Number(d, "managedHeapBytes", Bytes),
            Number(d, "uptimeSeconds", Duration));
        if (d.TryGetProperty("readiness", out var readiness))
        {
            snapshot.Readiness = Text(readiness, "status");
        }

        var connections = d.TryGetProperty("connections", out var c) ? c : default;
        var realtime = d.TryGetProperty("realtime", out var r) ? r : default;
        var transports = realtime.ValueKind == JsonValueKind.Object && realtime.TryGetProperty("transports", out var t) ? t : default;
        snapshot.Transports =
        [
            TransportOf("WebSocket", connections, "websocket", transports),
            TransportOf("SSE", connections, "sse", transports),
            new TransportRow("Polling", None, Number(realtime, "pollsPerSecond", Rate), None),
        ];
        if (d.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Array)
        {
            snapshot.Jobs = [.. jobs.EnumerateArray().Select(j => new JobRow(
                Text(j, "job"),
                Number(j, "lagSeconds", Seconds),
                Number(j, "meanLagSeconds", Seconds),
                Number(j, "runs", Integer),
                Number(j, "failures", Integer),
                Number(j, "meanDurationSeconds", Seconds)))];
        }

        return snapshot;
    }

    private static TransportRow TransportOf(string label, JsonElement connections, string key, JsonElement transports)
    {
        var rates = transports.ValueKind == JsonValueKind.Object && transports.TryGetProperty(key, out var x) ? x : default;
        return new TransportRow(label, Number(connections, key, Integer), Number(rates, "sentPerSecond", Rate), Number(rates, "droppedPerSecond", Rate));
    }

    private static string Number(JsonElement e, string name, Func<double, string> format) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? format(p.GetDouble()) : None;

    private static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : None;

    private static string Integer(double v) => Display.Integer(v);

    private static string Rate(double v) => Display.Rate(v);

    // Lags and run times are short: seconds with three decimals ("0.012 s") say more than "0:00".
    private static string Seconds(double v) => v.ToString("F3", CultureInfo.InvariantCulture) + " s";

    private static string Bytes(double v)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1)
        {
            v /= 1024;
            i++;
        }

        return i == 0 ? $"{v.ToString(CultureInfo.InvariantCulture)} B" : $"{v.ToString("F1", CultureInfo.InvariantCulture)} {units[i]}";
    }

    private static string Duration(double v)
    {
        var t = TimeSpan.FromSeconds(Math.Round(v));
        return t.TotalHours >= 1
            ? $"{(int)t.TotalHours} h {t.Minutes:00} min"
            : $"{t.Minutes} min {t.Seconds:00} s";
    }
}

/// <summary>A node's health, formatted.</summary>
/// <param name="Node"><c>host:pid</c>.</param>
/// <param name="Version">Server version.</param>
/// <param name="Cpu">"12.3 %".</param>
/// <param name="WorkingSet">"200.0 MiB".</param>
/// <param name="ManagedHeap">"50.0 MiB".</param>
/// <param name="Uptime">"1 h 02 min".</param>
public sealed record NodeRow(string Node, string Version, string Cpu, string WorkingSet, string ManagedHeap, string Uptime);

/// <summary>A transport's connections and delivery rates, formatted.</summary>
/// <param name="Transport">WebSocket, SSE or Polling.</param>
/// <param name="Open">Open connections ("—" for polling).</param>
/// <param name="SentPerSecond">Messages/s (for polling: snapshot reads/s).</param>
/// <param name="DroppedPerSecond">Dropped messages/s.</param>
public sealed record TransportRow(string Transport, string Open, string SentPerSecond, string DroppedPerSecond);

/// <summary>A recurring job's lag and runs, formatted.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Lag">Lag of the latest interval's firings.</param>
/// <param name="MeanLag">Mean lag since start.</param>
/// <param name="Runs">Runs since start.</param>
/// <param name="Failures">Failed runs.</param>
/// <param name="MeanDuration">Mean run time.</param>
public sealed record JobRow(string Job, string Lag, string MeanLag, string Runs, string Failures, string MeanDuration);
