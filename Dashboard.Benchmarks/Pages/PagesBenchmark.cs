using Dashboard.Auth;
using Dashboard.Benchmarks.Shared;
using Microsoft.Playwright;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Benchmarks.Pages;

/// <summary>
/// Issue 7: "a page receiving 10 updates per second keeps the browser's main thread under 10 % busy". The real server
/// (child process) on a throwaway PostgreSQL; headless Chromium opens each page signed in as admin; the benchmark
/// ingests <c>rate</c> call events per second (each one a <c>call_event</c> on <c>calls</c>, plus the 1 s metrics and
/// campaigns snapshots they cause) and reads Chromium's main-thread counters over CDP before and after.
/// </summary>
internal static class PagesBenchmark
{
    public const string Tenant = "bench-pages";

    // Counts what the page's client delivered, and long tasks, from inside the page.
    private const string Instrument = """
        () => {
          window.__bench = { updates: 0, longTasks: 0, longest: 0 };
          // The Wallboard names its handle window.wallboard (no chrome, no shared dashboard handle).
          (window.dashboard ?? window.wallboard)?.client?.addEventListener('message', () => window.__bench.updates++);
          new PerformanceObserver(list => {
            for (const e of list.getEntries()) { window.__bench.longTasks++; window.__bench.longest = Math.max(window.__bench.longest, e.duration); }
          }).observe({ type: 'longtask' });
        }
        """;

    /// <summary>The <c>pages</c> command's entry point (<see cref="BenchmarkProgram"/>): parses its options, runs, publishes the section.</summary>
    public static async Task<int> MainAsync(CommandLine args)
    {
        var routes = args.List("--routes", "/,/calls,/campaigns,/queues,/wallboard,/system");
        var seconds = args.Int("--seconds", 20);
        var rate = args.Int("--rate", 10);
        var started = DateTime.UtcNow;
        var results = await RunAsync(routes, seconds, rate, Console.Out, CancellationToken.None);
        BenchmarkReport.Publish(args, PagesReport.Section(results, seconds, rate, started, args.ToString()));
        return 0;
    }

    public static async Task<IReadOnlyList<PageResult>> RunAsync(IReadOnlyList<string> routes, int seconds, int rate, TextWriter log, CancellationToken ct)
    {
        using var postgres = new BenchmarkPostgres();
        var connectionString = await postgres.CreateDatabaseAsync("pages");
        var settings = new Dictionary<string, string>
        {
            // The System page's topic is published once per this interval (its minimum).
            ["Jobs:SystemIntervalSeconds"] = "1",
            // A build (not a publish) has no wwwroot beside the dll, and outside Development the server does not read
            // the static web assets manifest: serve the project's wwwroot (libman restored Chart.js into it).
            ["ASPNETCORE_WEBROOT"] = WebRoot(),
        };
        await using var server = await BenchmarkServer.StartAsync(new() { ConnectionString = connectionString, Settings = settings }, log, ct);
        using var producer = new HttpClient { BaseAddress = server.BaseAddress };
        producer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(Tenant, Scopes.Write));
        await IngestAsync(producer, Event("campaign.updated", new { campaignId = "cmp-bench", name = "Bench", status = "active", queueDepth = 500 }), ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var results = new List<PageResult>();
        foreach (var route in routes)
        {
            results.Add(await MeasureAsync(browser, server, producer, route, seconds, rate, ct));
            var r = results[^1];
            log.WriteLine($"{route}: {r.Updates} updates in {r.Seconds:F1} s, main thread {r.Busy:P1} busy (script {r.Script:P1}, layout {r.Layout:P1}), {r.LongTasks} long tasks");
        }

        return results;
    }

    private static async Task<PageResult> MeasureAsync(IBrowser browser, BenchmarkServer server, HttpClient producer, string route, int seconds, int rate, CancellationToken ct)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(Tenant, $"{Scopes.Read} {Scopes.Admin}")));
        await page.GotoAsync(route);
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=connection-state]')?.dataset.state === 'live'", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string?>("() => document.querySelector('[data-testid=connection-state]')?.textContent ?? document.title");
            throw new InvalidOperationException($"{route} did not go Live within 30 s (at {page.Url}: {state})");
        }
        // Warm-up: JIT, first chart layouts, the first snapshots.
        await DriveAsync(producer, TimeSpan.FromSeconds(Math.Min(3, seconds)), rate, ct);
        await page.EvaluateAsync(Instrument);
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable", new Dictionary<string, object> { ["timeDomain"] = "threadTicks" });

        var before = await MetricsAsync(cdp);
        var clock = Stopwatch.StartNew();
        await DriveAsync(producer, TimeSpan.FromSeconds(seconds), rate, ct);
        var after = await MetricsAsync(cdp);
        var wall = clock.Elapsed.TotalSeconds;
        var counts = await page.EvaluateAsync<JsonElement>("() => window.__bench");

        double Share(params string[] names) => names.Sum(n => after.GetValueOrDefault(n) - before.GetValueOrDefault(n)) / wall;
        return new PageResult(
            route,
            wall,
            counts.GetProperty("updates").GetInt64(),
            Share("TaskDuration"),
            Share("ScriptDuration"),
            Share("LayoutDuration", "RecalcStyleDuration"),
            counts.GetProperty("longTasks").GetInt32(),
            counts.GetProperty("longest").GetDouble());
    }

    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(BenchmarkServer.LocateDll())!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Dashboard", "wwwroot");
            if (File.Exists(Path.Combine(candidate, "js", "page-shell.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Dashboard/wwwroot not found above the app's build output");
    }

    // `rate` batches a second, one event each: a call starts, and the one before it ends, so the active count stays small.
    private static async Task DriveAsync(HttpClient producer, TimeSpan duration, int rate, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
        var until = Stopwatch.StartNew();
        var n = 0;
        while (until.Elapsed < duration && await timer.WaitForNextTickAsync(ct))
        {
            var id = $"bench-{Guid.NewGuid():N}"[..20];
            await IngestAsync(producer, n++ % 2 == 0
                ? Event("call.started", new { callId = id, direction = "outbound", campaignId = "cmp-bench" })
                : Event("call.ended", new { callId = id, outcome = "completed", durationSeconds = 1 }), ct);
        }
    }

    private static object Event(string type, object data) => new
    {
        specversion = "1.0", id = Guid.NewGuid().ToString("N"), source = "urn:dashboard:bench-pages", type, time = DateTimeOffset.UtcNow, data,
    };

    private static async Task IngestAsync(HttpClient producer, object cloudEvent, CancellationToken ct)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new[] { cloudEvent }), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents-batch+json");
        using var response = await producer.PostAsync(new Uri("api/v1/events", UriKind.Relative), content, ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        return result!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble(), StringComparer.Ordinal);
    }
}
