using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Observability;

/// <summary>
/// The <c>/readyz</c> body (text/plain): the overall status on the first line (<c>Healthy</c>, <c>Degraded</c> or
/// <c>Unhealthy</c>, as ASP.NET Core's default writer gives it), then one <c>name: status: reason</c> line per check that is
/// not healthy, so a probe or a person sees why (docs/observability.md). Exceptions are not written (they go to the log).
/// </summary>
internal static class ReadinessText
{
    /// <summary>Writes <paramref name="report"/> to the response.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description ?? "");
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
