using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;

namespace Dashboard.Tests.Auth;

/// <summary>A server logging everything at Trace into a sink.</summary>
public sealed class VerboseLoggingServer() : ConfiguredServer(new()
{
    ["Logging:LogLevel:Default"] = "Trace",
    ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
})
{
    public LogSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Sink));
    }
}

/// <summary>docs/protocol.md §4: <c>access_token</c> (and the <c>/login</c> token) are never written to logs.</summary>
public sealed class TokenLoggingTests(VerboseLoggingServer server) : IClassFixture<VerboseLoggingServer>
{
    [Fact]
    public async Task Query_string_tokens_never_reach_the_logs_even_at_trace()
    {
        var token = server.Token("acme");
        using var http = server.Http();
        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync($"/api/v1/snapshots/metrics?access_token={token}")).StatusCode);
        using (var sse = await http.GetAsync($"/sse?topics=metrics&access_token={token}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        }

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await noRedirect.GetAsync($"/login?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/sse?topics=metrics&access_token={token}x")).StatusCode);

        Assert.NotEmpty(server.Sink.Lines);
        var signature = token[(token.LastIndexOf('.') + 1)..];
        Assert.DoesNotContain(server.Sink.Lines, l => l.Message.Contains(signature, StringComparison.Ordinal));
    }
}
