using Dashboard.Auth;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// Session tokens of 13 s, and <c>token_expiring</c> 6 s before their <c>exp</c> (well ahead of the client's 80 % mark,
/// 2.6 s before): the shortest lifetime start-up accepts is more than twice the warning window.
/// </summary>
public sealed class ExpiryWarningServer : DashboardServer
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:SessionTokenLifetimeSeconds"] = "13";
        settings["Realtime:TokenExpiryWarningSeconds"] = "6";
        return settings;
    }
}

/// <summary>Session tokens of 6 s and no <c>token_expiring</c> warning: only the client's own timer can save the socket.</summary>
public sealed class NoExpiryWarningServer : DashboardServer
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Auth:SessionTokenLifetimeSeconds"] = "6";
        settings["Realtime:TokenExpiryWarningSeconds"] = "0";
        return settings;
    }
}

/// <summary>
/// The page keeps one WebSocket alive across token lifetimes (docs/protocol.md §3.7): it fetches a freshly minted session
/// token and sends <c>auth</c> on the same connection, on <c>token_expiring</c> and at ~80 % of the lifetime. Playwright
/// watches the real socket's frames; the real server closes it with 4004 at <c>exp</c> if the refresh does not happen.
/// </summary>
public sealed class TokenRefreshTests(ExpiryWarningServer warning, NoExpiryWarningServer silent, BrowserFixture browser)
    : IClassFixture<ExpiryWarningServer>, IClassFixture<NoExpiryWarningServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task On_token_expiring_the_page_refreshes_in_place_and_stays_live_past_the_first_tokens_expiry()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(warning);
        var (page, watch) = await SignInWatchingAsync(context, warning, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await WaitUntilAsync(() => watch.Received("auth_success").Count >= 2, "a second auth_success");
        var frames = watch.Frames.ToList();
        var firstSuccess = frames.FindIndex(f => !f.Sent && Type(f) == "auth_success");
        var warned = frames.FindIndex(f => !f.Sent && Type(f) == "token_expiring");
        var refresh = frames.FindIndex(firstSuccess + 1, f => f.Sent && Type(f) == "auth");
        var secondSuccess = frames.FindIndex(firstSuccess + 1, f => !f.Sent && Type(f) == "auth_success");
        Assert.True(firstSuccess < warned && warned < refresh && refresh < secondSuccess, $"expected auth_success, token_expiring, auth, auth_success; got {string.Join(", ", frames.Select(Type))}");
        await AssertRefreshedTokenAsync(warning, tenant, frames, refresh);

        // Refreshed because of the warning (about 6 s before exp), not by the client's own timer (about 2 s before).
        var firstExpiry = ExpiresAt(frames[firstSuccess]);
        Assert.True(Ts(frames[secondSuccess]) < firstExpiry.AddSeconds(-3.5), $"refreshed at {Ts(frames[secondSuccess]):O}, exp {firstExpiry:O}");
        Assert.True(ExpiresAt(frames[secondSuccess]) > firstExpiry);
        await AssertStillLiveAfterAsync(page, watch, firstExpiry);
    }

    [Fact]
    public async Task Without_a_warning_the_page_refreshes_at_80_percent_of_the_lifetime_and_stays_live()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(silent);
        var (page, watch) = await SignInWatchingAsync(context, silent, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await WaitUntilAsync(() => watch.Received("auth_success").Count >= 2, "a second auth_success");
        var frames = watch.Frames.ToList();
        var firstSuccess = frames.FindIndex(f => !f.Sent && Type(f) == "auth_success");
        var refresh = frames.FindIndex(firstSuccess + 1, f => f.Sent && Type(f) == "auth");
        Assert.True(refresh > firstSuccess);
        Assert.DoesNotContain(frames, f => Type(f) == "token_expiring");
        await AssertRefreshedTokenAsync(silent, tenant, frames, refresh);

        // Refreshed ahead of exp (80 % of 6 s), not at the last moment.
        var firstExpiry = ExpiresAt(frames[firstSuccess]);
        var secondSuccess = frames.FindIndex(firstSuccess + 1, f => !f.Sent && Type(f) == "auth_success");
        Assert.True(Ts(frames[secondSuccess]) < firstExpiry.AddSeconds(-0.5), $"refreshed at {Ts(frames[secondSuccess]):O}, exp {firstExpiry:O}");
        await AssertStillLiveAfterAsync(page, watch, firstExpiry);
    }

    [Fact]
    public async Task When_the_cookie_session_ends_the_page_goes_to_sign_in()
    {
        await using var context = await browser.NewContextAsync(warning);
        var page = await context.NewPageAsync();
        // A 12 s login: every session token ends with it, so there is nothing left to refresh to. The page must first be
        // live inside it, which a loaded machine (the bell's requests on every page load) made 7 s too short for.
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(warning.Token(Tenants.New(), lifetime: TimeSpan.FromSeconds(12))));
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin", new() { Timeout = 30_000 });
    }

    private static async Task<(IPage Page, SocketWatch Watch)> SignInWatchingAsync(IBrowserContext context, DashboardServer server, string tenant)
    {
        var page = await context.NewPageAsync();
        var watch = new SocketWatch(page);
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)));
        return (page, watch);
    }

    // The refresh carries a new token for the same tenant and user, minted for the session (not the login token).
    private static async Task AssertRefreshedTokenAsync(DashboardServer server, string tenant, List<(bool Sent, JsonObject Message)> frames, int refresh)
    {
        var tokens = server.Services.GetRequiredService<TokenService>();
        var first = (string)frames.First(f => f.Sent && Type(f) == "auth").Message["token"]!;
        var second = (string)frames[refresh].Message["token"]!;
        Assert.NotEqual(first, second);
        var refreshed = await tokens.ValidateAsync(second);
        Assert.True(refreshed.IsValid, refreshed.Reason);
        Assert.Equal((tenant, "test-user"), (refreshed.Principal!.Tenant, refreshed.Principal.Subject));
    }

    // Past the first token's exp (plus the server's one-second sweep) the very same socket is open and the page is live.
    private static async Task AssertStillLiveAfterAsync(IPage page, SocketWatch watch, DateTimeOffset expiry)
    {
        await page.WaitForFunctionAsync("t => Date.now() > t", expiry.AddSeconds(2).ToUnixTimeMilliseconds(), new() { Timeout = 20_000 });
        var socket = Assert.Single(watch.Sockets);
        Assert.False(socket.IsClosed, "the WebSocket was closed");
        Assert.DoesNotContain(watch.Frames, f => !f.Sent && Type(f) == "error");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
    }

    private static string? Type((bool Sent, JsonObject Message) frame) => (string?)frame.Message["type"];

    private static DateTimeOffset Ts((bool Sent, JsonObject Message) frame) =>
        DateTimeOffset.Parse((string)frame.Message["ts"]!, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset ExpiresAt((bool Sent, JsonObject Message) frame) =>
        DateTimeOffset.Parse((string)frame.Message["data"]!["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every WebSocket the page opens and every text frame on it, in order.</summary>
    private sealed class SocketWatch
    {
        public SocketWatch(IPage page) => page.WebSocket += (_, ws) =>
        {
            Sockets.Enqueue(ws);
            ws.FrameSent += (_, f) => Frames.Enqueue((true, JsonNode.Parse(f.Text!)!.AsObject()));
            ws.FrameReceived += (_, f) => Frames.Enqueue((false, JsonNode.Parse(f.Text!)!.AsObject()));
        };

        public ConcurrentQueue<IWebSocket> Sockets { get; } = new();

        public ConcurrentQueue<(bool Sent, JsonObject Message)> Frames { get; } = new();

        public List<JsonObject> Received(string type) =>
            Frames.Where(f => !f.Sent && (string?)f.Message["type"] == type).Select(f => f.Message).ToList();
    }
}
