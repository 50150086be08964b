using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Globalization;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// The benchmark-only endpoints every fan-out server gets, in front of its own pipeline (never in the product):
/// <c>POST /bench/publish?count=N</c> publishes N messages on the benchmark topic and answers once they are handed to
/// the server's fan-out; <c>GET /bench/subscribers</c> answers how many subscribers the broadcast reaches;
/// <c>GET /bench/stats</c> the process's runtime counters (<see cref="FanOutStats"/>), to profile the cost per message.
/// </summary>
internal static class FanOutTrigger
{
    /// <summary>Every message's frame is about this many bytes on the wire (envelope included), on every server.</summary>
    public const int MessageBytes = 300;

    public static void Use(IApplicationBuilder app, Func<int, Task> publish, Func<int> subscribers) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path == "/bench/publish" && HttpMethods.IsPost(context.Request.Method))
            {
                var count = int.Parse(context.Request.Query["count"].ToString(), CultureInfo.InvariantCulture);
                await publish(count);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
            else if (path == "/bench/subscribers")
            {
                await context.Response.WriteAsync(subscribers().ToString(CultureInfo.InvariantCulture));
            }
            else if (path == "/bench/stats")
            {
                await context.Response.WriteAsync(FanOutStats.Current().ToString());
            }
            else
            {
                await next(context);
            }
        });
}
