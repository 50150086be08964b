using Npgsql;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Dashboard.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (loopback, free port) with its own fresh database in the shared test cluster.
/// Use as an xunit class fixture; subclass and override <see cref="Settings"/> for other configuration.
/// </summary>
public class DashboardServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DashboardServer? _peer;
    private readonly int _port;
    private string? _connectionString;

    /// <summary>A server with a fresh database of its own.</summary>
    public DashboardServer()
    {
        SigningKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        SchedulerName = "test-" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>
    /// Another node of <paramref name="peer"/>'s cluster: the same database, signing key and Quartz scheduler name
    /// (clustered), its own Kestrel port and memory. (Not public: xunit fixtures need exactly one public constructor.)
    /// </summary>
    protected DashboardServer(DashboardServer peer)
    {
        _peer = peer;
        SigningKey = peer.SigningKey;
        SchedulerName = peer.SchedulerName;
    }

    /// <summary>
    /// <paramref name="stopped"/> started again: the same database, signing key, scheduler and port, so a browser that
    /// had it open reconnects to the same address (a restart as users see it). Dispose <paramref name="stopped"/> first.
    /// </summary>
    public static DashboardServer RestartOf(DashboardServer stopped) => new(stopped, stopped.BaseAddress.Port);

    private DashboardServer(DashboardServer peer, int port)
        : this(peer) => _port = port;

    /// <summary>The signing key of this server's tokens.</summary>
    public string SigningKey { get; }

    /// <summary>A new node joining <paramref name="peer"/>'s cluster; call <see cref="InitializeAsync"/> to start it.</summary>
    public static DashboardServer NodeOf(DashboardServer peer) => new(peer);

    /// <summary>The Quartz scheduler (cluster) name.</summary>
    public string SchedulerName { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>This app's database.</summary>
    public string ConnectionString => _connectionString!;

    /// <summary>Configuration given to the app; override to add or change keys.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Dashboard"] = _connectionString,
        ["Auth:SigningKey"] = SigningKey,
        ["Simulation:Enabled"] = "false",
        ["Jobs:SchedulerName"] = SchedulerName,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _connectionString = _peer?.ConnectionString ?? await CreateDatabaseAsync();
        UseKestrel(_port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    /// <summary>Creates this server's empty database and returns its connection string (default: in the shared cluster).</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestPostgres.CreateDatabaseAsync();

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the server, then closes the idle pooled connections to its database.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();

        // Quartz's store and the tests' own NpgsqlConnections pool by connection string, outside the app's data source:
        // left alone, their idle connections would keep their server slots for Npgsql's 300 s idle lifetime after this
        // server is gone, and the suite's many servers together run the shared cluster out of max_connections. A peer
        // node on the same database only reopens what it needs.
        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(_connectionString));
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A token signed with this server's key.</summary>
    public string Token(string tenant, string scopes = Scopes.Read, TimeSpan? lifetime = null, string subject = "test-user") =>
        Services.GetRequiredService<TokenService>().Issue(tenant, subject, scopes, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>
    /// Publishes through this node's backplane (as the jobs and ingestion do); completes once this node's subscribers have
    /// the message queued. Calls are sequenced in call order, so a loop may queue many before awaiting them.
    /// </summary>
    public Task<long> PublishAsync(string tenant, string topic, string type, object data, bool isSnapshot) =>
        Services.GetRequiredService<Dashboard.Realtime.Backplane.RealtimePublisher>().PublishAsync(tenant, topic, type, data, isSnapshot);

    /// <summary>A plain <see cref="HttpClient"/> on the real socket, optionally with a bearer token.</summary>
    public HttpClient Http(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Opens a raw <see cref="ClientWebSocket"/> to <c>/ws</c> (not yet authenticated).</summary>
    public async Task<ClientWebSocket> ConnectWebSocketAsync(CancellationToken ct = default)
    {
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(BaseAddress, "/ws").ToWs(), ct);
        return ws;
    }
}

internal static class UriExtensions
{
    public static Uri ToWs(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
}
