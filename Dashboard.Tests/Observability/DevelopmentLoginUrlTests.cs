using System.Collections.Concurrent;
using System.Net;
using Dashboard.Auth;
using Dashboard.Observability;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Observability;

public sealed class DevelopmentLoginUrlTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080", "http://localhost:5080/login?token=a.b-c_d")]
    [InlineData("http://[::]:5080", "http://localhost:5080/login?token=a.b-c_d")]
    [InlineData("http://+:80", "http://localhost:80/login?token=a.b-c_d")]
    [InlineData("http://*:8080", "http://localhost:8080/login?token=a.b-c_d")]
    [InlineData("http://127.0.0.1:1234", "http://127.0.0.1:1234/login?token=a.b-c_d")]
    [InlineData("https://localhost:7001", "https://localhost:7001/login?token=a.b-c_d")]
    public void Wildcard_hosts_become_localhost(string address, string expected) =>
        Assert.Equal(expected, DevelopmentLoginUrl.Build([address], "a.b-c_d"));

    [Fact]
    public void Unix_sockets_are_skipped_and_no_address_means_no_url()
    {
        Assert.Equal("http://localhost:5000/login?token=t", DevelopmentLoginUrl.Build(["http://unix:/tmp/app.sock", "http://localhost:5000"], "t"));
        Assert.Null(DevelopmentLoginUrl.Build([], "t"));
    }
}

/// <summary>The app in Development, with a log sink, to see the announcement a developer sees.</summary>
public sealed class DevelopmentServer() : ConfiguredServer(new()
{
    ["Logging:LogLevel:" + DevelopmentLoginUrl.LoggerCategory] = "Information",
    ["Simulation:Tenants:0"] = "tenant-one",
})
{
    public ConcurrentQueue<(string Category, int EventId, string Message)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new SinkProvider(Logs)));
    }

    private sealed class SinkProvider(ConcurrentQueue<(string, int, string)> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Sink(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class Sink(string category, ConcurrentQueue<(string, int, string)> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue((category, eventId.Id, formatter(state, exception)));
    }
}

public sealed class DevelopmentLoginAnnouncementTests(DevelopmentServer server) : IClassFixture<DevelopmentServer>
{
    [Fact]
    public async Task Development_start_logs_a_login_url_that_signs_the_developer_in()
    {
        // ApplicationStarted has fired by the time the fixture is up; the deadline only guards against a slow machine.
        var started = DateTime.UtcNow;
        while (!server.Logs.Any(l => l.EventId == DevelopmentLoginUrl.EventId) && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        var entry = Assert.Single(server.Logs, l => l.EventId == DevelopmentLoginUrl.EventId);
        Assert.Equal(DevelopmentLoginUrl.LoggerCategory, entry.Category);
        var url = new Uri(entry.Message[entry.Message.IndexOf("http://", StringComparison.Ordinal)..]);
        Assert.Equal(server.BaseAddress.Port, url.Port);
        Assert.Equal("/login", url.AbsolutePath);

        var token = Uri.UnescapeDataString(url.Query["?token=".Length..]);
        var validation = await server.Services.GetRequiredService<TokenService>().ValidateAsync(token);
        Assert.True(validation.IsValid);
        Assert.Equal("tenant-one", validation.Principal!.Tenant);
        Assert.Equal("developer", validation.Principal.Subject);
        Assert.True(validation.Principal.Has(Scopes.Read) && validation.Principal.Has(Scopes.Admin));
        Assert.InRange(validation.Principal.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12.1));

        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        var login = await client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }
}
