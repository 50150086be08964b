using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Dashboard.Tests.Observability;

/// <summary>
/// A real Prometheus server (<c>/usr/bin/prometheus</c>) as a child process on loopback, scraping one target every
/// second, with its TSDB in a temporary folder. Disposing kills it (bounded wait) and deletes the folder.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    /// <summary>The scrape job name in the generated configuration.</summary>
    public const string Job = "dashboard";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;

    private PrometheusProcess(Process process, string directory, StringBuilder output, Uri api)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Api = api;
        Http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>http://127.0.0.1:PORT/ of Prometheus's web UI and HTTP API.</summary>
    public Uri Api { get; }

    /// <summary>A client for <see cref="Api"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything Prometheus logged so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Writes a prometheus.yml scraping <paramref name="target"/> (host:port) at <c>/metrics</c> every second, starts
    /// Prometheus on a free loopback port and waits (bounded) until <c>/-/ready</c> answers 200.
    /// </summary>
    public static async Task<PrometheusProcess> StartAsync(string target)
    {
        var binary = Promtool.Require(Promtool.PrometheusPath);
        var directory = Directory.CreateTempSubdirectory("dashboard-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);

        var port = FreePort();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        psi.ArgumentList.Add("--config.file=" + config);
        psi.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        psi.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--log.level=warn");

        var output = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var prometheus = new PrometheusProcess(process, directory, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await prometheus.WaitReadyAsync();
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }

        return prometheus;
    }

    /// <summary>
    /// Runs <paramref name="promql"/> as an instant query (<c>GET /api/v1/query</c>) and returns the result vector's
    /// samples as (labels, value). Fails the test when the API answers an error.
    /// </summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var json = await Http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("status").GetString() == "success", $"query {promql}: {json}");
        var samples = new List<(Dictionary<string, string>, double)>();
        foreach (var item in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var value = double.Parse(item.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            samples.Add((labels, value));
        }

        return samples;
    }

    /// <summary>The scrape target's health and last error from <c>/api/v1/targets</c>, as "health: error".</summary>
    public async Task<string> TargetHealthAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("api/v1/targets?state=active"));
        var targets = doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => $"{t.GetProperty("health").GetString()}: {t.GetProperty("lastError").GetString()}");
        return string.Join("; ", targets);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or did not exit in time: the folder below is still removed as far as possible.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is left for the OS to clean.
        }
    }

    private async Task WaitReadyAsync()
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            if (started.Elapsed > StartTimeout)
            {
                throw new Xunit.Sdk.XunitException($"prometheus was not ready within {StartTimeout}:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    // A port the OS just handed out; Prometheus binds it a moment later (a collision shows up as its exit, reported above).
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
