using Dashboard.Benchmarks.FanOut;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks.Backplane;

/// <summary>
/// The backplane scenario's endpoints inside one real node (<c>serve backplane-node</c>, never in the product), in
/// front of its pipeline:
/// <list type="bullet">
/// <item><c>POST /bench/backplane/subscribe?tenants=T</c>: the node's <see cref="BackplaneProbe"/> subscribes to
/// <c>activity</c> of tenants <c>bp-000</c>… (before any publish, on every node).</item>
/// <item><c>POST /bench/backplane/publish?count=N</c>: N messages published through <see cref="RealtimePublisher"/>,
/// the production path (batch statement: sequence, log, <c>NOTIFY</c>; every node's listener applies), round-robin over
/// the tenants; answered 202 at once, without waiting for them (the driver paces the rate).</item>
/// <item><c>GET /bench/backplane/stats[?reset=1]</c>: <c>published failed pending applied resyncs n p50 p99 p999 max</c>:
/// this node's publishes so far (completed, failed, not yet completed) and its probe's figures
/// (<see cref="BackplaneProbe.Stats"/>); <c>reset</c> starts a new window.</item>
/// </list>
/// </summary>
internal sealed class BackplaneTrigger(RealtimePublisher publisher, RealtimeHub hub) : IStartupFilter
{
    public const string Topic = "activity";

    public const string Type = "bench_event";

    /// <summary>Bytes of padding in each message: its envelope is then about 300 bytes, as the fan-out's.</summary>
    private const int PaddingBytes = 160;

    private static readonly string Padding = new('x', PaddingBytes);
    private readonly BackplaneProbe _probe = new();
    private string[] _tenants = [Tenant(0)];
    private long _next;
    private long _published;
    private long _failed;
    private long _started;

    public static string Tenant(int i) => string.Create(CultureInfo.InvariantCulture, $"bp-{i:D3}");

    /// <summary>Registers the trigger with the app's services.</summary>
    public static void AddTo(IServiceCollection services) => services.AddTransient<IStartupFilter, BackplaneTrigger>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path;
            if (path == "/bench/backplane/publish" && HttpMethods.IsPost(context.Request.Method))
            {
                Publish(int.Parse(context.Request.Query["count"].ToString(), CultureInfo.InvariantCulture));
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
            else if (path == "/bench/backplane/subscribe" && HttpMethods.IsPost(context.Request.Method))
            {
                var count = int.Parse(context.Request.Query["tenants"].ToString(), CultureInfo.InvariantCulture);
                _tenants = [.. Enumerable.Range(0, count).Select(Tenant)];
                foreach (var tenant in _tenants)
                {
                    hub.Subscribe(tenant, Topic, _probe);
                }

                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
            else if (path == "/bench/backplane/stats")
            {
                var (published, failed) = (Interlocked.Read(ref _published), Interlocked.Read(ref _failed));
                var pending = Interlocked.Read(ref _started) - published - failed;
                await context.Response.WriteAsync(
                    string.Create(CultureInfo.InvariantCulture, $"{published} {failed} {pending} {_probe.Stats(context.Request.Query.ContainsKey("reset"))}"));
            }
            else
            {
                await nextMiddleware(context);
            }
        });
        next(app);
    };

    private void Publish(int count)
    {
        var tenants = _tenants;
        for (var i = 0; i < count; i++)
        {
            var tenant = tenants[(int)(Interlocked.Increment(ref _next) % tenants.Length)];
            Interlocked.Increment(ref _started);
            // Queued in call order before any await; completes once committed and applied on this node.
            var task = publisher.PublishAsync(tenant, Topic, Type, new BackplaneStamp(Stopwatch.GetTimestamp(), Padding), isSnapshot: false);
            if (task.IsCompleted)
            {
                Completed(task);
            }
            else
            {
                task.ContinueWith(static (t, self) => ((BackplaneTrigger)self!).Completed(t), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private void Completed(Task task)
    {
        // Observed, so a refused publish (e.g. the backlog bound) is counted here, not reported as unobserved later.
        _ = task.Exception;
        Interlocked.Increment(ref task.IsCompletedSuccessfully ? ref _published : ref _failed);
    }
}
