using Dashboard.Auth;
using Dashboard.Hosting;

namespace Dashboard.Observability;

/// <summary>
/// Development only: once the server listens, prints <c>http://&lt;host:port&gt;/login?token=&lt;jwt&gt;</c> for the first
/// simulated tenant (<c>Simulation:Tenants:0</c>, default <c>demo</c>), subject <c>developer</c>, scopes
/// <c>dashboard:read admin</c>, valid 12 h — so a developer can open the dashboard without running the token command.
/// </summary>
internal static partial class DevelopmentLoginUrl
{
    /// <summary>The logger category of the announcement.</summary>
    public const string LoggerCategory = "Dashboard.Observability.DevelopmentLoginUrl";

    /// <summary>The event id of the announcement.</summary>
    public const int EventId = 8001;

    /// <summary>The token's subject.</summary>
    public const string Subject = "developer";

    /// <summary>The token's scopes.</summary>
    public const string TokenScopes = Scopes.Read + " " + Scopes.Admin;

    /// <summary>The token's lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// The login URL on the first bindable server address (wildcard hosts <c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>
    /// become <c>localhost</c>), or null when there is none (e.g. only a Unix socket).
    /// </summary>
    public static string? Build(IEnumerable<string> serverAddresses, string token) =>
        ServerAddresses.First(serverAddresses, "localhost") is { } a
            ? $"{a.Scheme}://{a.Host}:{a.Port}{a.PathBase}/login?token={Uri.EscapeDataString(token)}"
            : null;

    /// <summary>Registers the announcement on <see cref="IHostApplicationLifetime.ApplicationStarted"/> (addresses are known then).</summary>
    public static void AnnounceWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(static state => Announce((WebApplication)state!), app);

    private static void Announce(WebApplication app)
    {
        var addresses = ServerAddresses.Of(app.Services);
        var tenant = app.Configuration["Simulation:Tenants:0"];
        if (string.IsNullOrWhiteSpace(tenant))
        {
            tenant = "demo";
        }

        var token = app.Services.GetRequiredService<TokenService>().Issue(tenant, Subject, TokenScopes, Lifetime);
        var url = Build(addresses, token);
        if (url is null)
        {
            return;
        }

        // Deliberately the ONE place a token is written out: a Development-only, 12 h developer login printed to the
        // developer's own console (logger and Console, so it shows even when logging is filtered). Never copy this elsewhere.
        LogLoginUrl(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory), url, tenant);
        Console.WriteLine($"Dashboard ready: {url}");
    }

    [LoggerMessage(EventId = EventId, Level = LogLevel.Information,
        Message = "Dashboard ready (Development). Sign in as the developer of tenant {Tenant}: {LoginUrl}")]
    private static partial void LogLoginUrl(ILogger logger, string loginUrl, string tenant);
}
