using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dashboard.Hosting;

/// <summary>
/// Turns an unhandled database-outage exception (<see cref="DatabaseOutage.IsUnavailable"/>) into <c>503</c> with
/// <c>Retry-After</c> instead of the generic <c>500</c>: a problem document for the API, a small page with the error
/// banner for a Razor page (docs/outage.md). Anything else is left to the default handler (<c>500</c> problem).
/// </summary>
internal sealed partial class DatabaseOutageExceptionHandler(ILogger<DatabaseOutageExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The problem's title.</summary>
    public const string Title = "Database unavailable";

    /// <summary>The problem's detail.</summary>
    public const string Detail = "The database is unreachable; this answer needs it. Retry after the Retry-After delay.";

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || !DatabaseOutage.IsUnavailable(exception))
        {
            return false;
        }

        // Warning without the stack: an outage makes every request fail the same way, and the cause is logged by
        // whatever noticed it first (the backplane listener, the jobs).
        LogUnavailable(httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        httpContext.Response.Headers.CacheControl = "no-store";

        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint?.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        {
            await WritePageAsync(httpContext, cancellationToken);
            return true;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: Title, detail: Detail).ExecuteAsync(httpContext);
        return true;
    }

    // Standalone (no layout): the layout and the page model may need what just failed. It says what happened, reloads
    // itself after Retry-After, and uses the same banner markup as every page (Pages/Shared/_StatusBar.cshtml).
    private static Task WritePageAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var html = HtmlEncoder.Default;
        var request = context.Request;
        var self = html.Encode(request.PathBase + request.Path + request.QueryString);
        var css = html.Encode(request.PathBase + "/css/site.css");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="color-scheme" content="light dark">
                <meta http-equiv="refresh" content="{DatabaseOutage.RetryAfterSeconds}">
                <title>{Title} · Dashboard</title>
                <link rel="stylesheet" href="{css}">
            </head>
            <body>
                <main id="main">
                    <h1>{Title}</h1>
                    <div class="alert" role="alert" id="page-error" data-testid="page-error">The database is unreachable, so this page cannot be shown right now. It reloads by itself every {DatabaseOutage.RetryAfterSeconds} s; pages already open keep their last figures and say so in their banner.</div>
                    <p><a class="button" href="{self}">Try again</a></p>
                </main>
            </body>
            </html>
            """,
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while answering {Method} {Path}: 503 ({Reason})")]
    private partial void LogUnavailable(string method, string path, string reason);
}
