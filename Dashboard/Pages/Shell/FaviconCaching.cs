using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Pages.Shell;

/// <summary>
/// Lets browsers and proxies keep the icon (<c>wwwroot/favicon.svg</c> and <c>wwwroot/favicon.ico</c>, docs/pages.md
/// "Favicon") for a day instead of asking again on every page load. The static file middleware serves both before
/// authentication runs, so the sign-in page gets them too.
/// </summary>
internal static class FaviconCaching
{
    /// <summary>How long a cache may keep the icon without asking again (seconds): one day.</summary>
    public const int MaxAgeSeconds = 86_400;

    /// <summary>The paths the header is set on (exact, case-insensitive).</summary>
    public static IReadOnlyList<PathString> Paths { get; } = [new("/favicon.ico"), new("/favicon.svg")];

    /// <summary>
    /// Adds <c>Cache-Control: public, max-age=86400</c> to the icon's responses, keeping any earlier
    /// <see cref="StaticFileOptions.OnPrepareResponse"/>. The parameterless <c>UseStaticFiles()</c> reads these options.
    /// </summary>
    public static IServiceCollection AddFaviconCaching(this IServiceCollection services) =>
        services.Configure<StaticFileOptions>(options =>
        {
            var previous = options.OnPrepareResponse;
            options.OnPrepareResponse = context =>
            {
                previous(context);
                var path = context.Context.Request.Path;
                if (Paths.Any(p => p.Equals(path, StringComparison.OrdinalIgnoreCase)))
                {
                    context.Context.Response.Headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(MaxAgeSeconds) }.ToString();
                }
            };
        });
}
