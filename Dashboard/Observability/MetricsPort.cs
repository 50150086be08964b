using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Observability;

/// <summary>
/// <see cref="MetricsOptions.Port"/>: an extra Kestrel listener (all interfaces) that serves <c>/metrics</c>,
/// <c>/healthz</c> and <c>/readyz</c> only, while the other listeners answer <c>/metrics</c> with <c>404</c>.
/// <para>
/// Kestrel binds either the hosting URLs (<c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, the test
/// host's address) or endpoints given in code or in <c>Kestrel:Endpoints</c>, never both (a code endpoint would silently
/// replace the URLs). So the port goes where Kestrel will look: as a code endpoint beside <c>Kestrel:Endpoints</c> when
/// that section exists, otherwise into the server's address list, which the host has filled from the URLs by the time
/// the pipeline is built (an <see cref="IStartupFilter"/> runs then, before Kestrel binds).
/// </para>
/// The gate compares <see cref="ConnectionInfo.LocalPort"/>, the socket's own port, not the <c>Host</c> header a client
/// chooses, so a request on the main port cannot reach <c>/metrics</c> by naming the management port.
/// </summary>
internal static class MetricsPort
{
    // Kestrel's own default when nothing is configured; adding the management address would otherwise replace it.
    private const string KestrelDefaultAddress = "http://localhost:5000";

    /// <summary>Registers the listener and the gate; both do nothing while <c>Metrics:Port</c> is unset.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            if (context.Configuration.GetSection("Kestrel:Endpoints").Exists()
                && kestrel.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is { } port)
            {
                kestrel.ListenAnyIP(port);
            }
        });
        builder.Services.AddTransient<IStartupFilter, StartupFilter>();
    }

    private static bool IsManagementPath(PathString path) =>
        path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);

    private static void AddAddress(IServerAddressesFeature? feature, int port)
    {
        if (feature is null || feature.Addresses.IsReadOnly)
        {
            return;
        }

        foreach (var address in feature.Addresses)
        {
            if (PortOf(address) == port)
            {
                throw new InvalidOperationException(
                    $"Metrics:Port ({port}) is already a listening address of the server ('{address}'); choose another port for /metrics.");
            }
        }

        if (feature.Addresses.Count == 0)
        {
            feature.Addresses.Add(KestrelDefaultAddress);
        }

        feature.Addresses.Add($"http://*:{port}");
    }

    private static int? PortOf(string address)
    {
        try
        {
            return BindingAddress.Parse(address) is { IsUnixPipe: false, IsNamedPipe: false } binding ? binding.Port : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class StartupFilter(IOptions<MetricsOptions> options, IConfiguration configuration) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (options.Value.Port is { } port)
            {
                if (!configuration.GetSection("Kestrel:Endpoints").Exists())
                {
                    AddAddress(app.ServerFeatures.Get<IServerAddressesFeature>(), port);
                }

                // First in the pipeline: nothing else runs for a request on the wrong port.
                app.Use(async (context, nextMiddleware) =>
                {
                    var onManagementPort = context.Connection.LocalPort == port;
                    var path = context.Request.Path;
                    var allowed = onManagementPort
                        ? IsManagementPath(path)
                        : !path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase);
                    if (allowed)
                    {
                        await nextMiddleware(context);
                        return;
                    }

                    await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                });
            }

            next(app);
        };
    }
}
