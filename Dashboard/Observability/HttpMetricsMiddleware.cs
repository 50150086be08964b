namespace Dashboard.Observability;

/// <summary>
/// Records <see cref="HttpMetrics"/> for every request, <c>/metrics</c> included (as prometheus-net does).
/// The route is read again after the rest of the pipeline ran, so it is right even if routing comes later than this
/// middleware. Long-lived WebSocket and SSE requests are recorded once, when they end.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, HttpMetrics metrics, TimeProvider time)
{
    /// <summary>Runs the rest of the pipeline and records its outcome; an escaping exception counts as 500 unless a response had started.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var method = HttpMetrics.MethodLabel(context.Request.Method);
        var startRoute = HttpMetrics.RouteLabelsOf(context);
        var started = time.GetTimestamp();
        metrics.RequestStarted(method, startRoute);
        var failed = false;
        try
        {
            await next(context);
        }
        catch (Exception)
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.RequestEnded(method, startRoute, HttpMetrics.RouteLabelsOf(context), status, time.GetElapsedTime(started));
        }
    }
}
