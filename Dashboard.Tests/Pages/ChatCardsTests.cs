using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.ChatPageData;
using static Dashboard.Tests.Pages.QueueBoardData;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>Chat outside the Chat page: the Wallboard's chat view and the Overview's chat cards, in a real browser.</summary>
public sealed class ChatCardsTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string tenant, string path)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1920, Height = 1080 } });
        context.SetDefaultTimeout(BrowserFixture.TimeoutMs);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?token=" + Uri.EscapeDataString(server.Token(tenant)) + "&returnUrl=" + Uri.EscapeDataString(path));
        return (context, page);
    }

    [Fact]
    public async Task The_wallboard_shows_a_chat_view_in_its_rotation_when_the_tenant_has_chat_data()
    {
        var tenant = Tenants.New();
        var now = DateTime.UtcNow;
        await PublishQueuesAsync(server, tenant, Queue("support", waiting: 1, longestWait: 10));
        await PublishChatAsync(server, tenant, Update(now, ("s-1", "web", now.AddSeconds(-200)), ("s-2", "web", now.AddSeconds(-3))));
        var (context, page) = await OpenAsync(tenant, "/wallboard?view=chat");
        await using var _ = context;

        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync("Chat");
        await Expect(page.GetByTestId("wb-chat-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wb-queue-view")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("wb-chat-waiting")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("wb-chat-active")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("wb-chat-first-response")).ToHaveTextAsync("0:30");
        await Expect(page.GetByTestId("wb-chat-csat")).ToHaveTextAsync("80.0 %");
        // The longest wait ticks and is past the 180 s critical default: a double tile border, not colour alone.
        var longest = page.GetByTestId("wb-chat-longest-wait");
        await Expect(longest).ToHaveTextAsync(new Regex(@"^3:[2-5]\d$"));
        await Expect(longest).ToHaveAttributeAsync("data-level", "critical");
        Assert.Equal("double", await longest.EvaluateAsync<string>("e => getComputedStyle(e.closest('.wb-tile')).borderTopStyle"));
        var first = await longest.TextContentAsync();
        await Expect(longest).Not.ToHaveTextAsync(first!);

        // Unpinned, the rotation holds the queue, then chat (no campaigns: none published).
        await page.GotoAsync("/wallboard");
        await Expect(page.GetByTestId("wb-position")).ToHaveTextAsync(new Regex(@"^[12] / 2$"));
        Assert.Equal(["queue:support", "chat"], await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));
        // The keyboard steps the rotation (from whichever view shows now).
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByTestId("wb-pause")).ToHaveAttributeAsync("aria-pressed", "true");
        var before = await page.EvaluateAsync<string>("() => window.wallboard.state.view");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("wb-title")).ToHaveTextAsync(before == "chat" ? "support" : "Chat");
        await page.EvaluateAsync("() => { if (window.wallboard.state.view !== 'chat') window.wallboard.next(); }");
        await Expect(page.GetByTestId("wb-kind")).ToHaveTextAsync("Support");
        await Expect(page.GetByTestId("wb-chat-waiting")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task A_tenant_without_chat_data_has_no_chat_view_and_gains_it_when_chat_data_arrives()
    {
        var tenant = Tenants.New();
        await PublishQueuesAsync(server, tenant, Queue("support"));
        await PublishChatAsync(server, tenant, Empty(DateTime.UtcNow));
        var (context, page) = await OpenAsync(tenant, "/wallboard");
        await using var _ = context;
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        Assert.Equal(["queue:support"], await page.EvaluateAsync<string[]>("() => window.wallboard.views()"));

        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-1", "web", now)));
        await page.WaitForFunctionAsync("() => window.wallboard.views().includes('chat')");
    }

    [Fact]
    public async Task The_overview_shows_chat_cards_only_when_the_tenant_has_chat_data_and_keeps_them_live()
    {
        var tenant = Tenants.New();
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var cards = page.GetByTestId("overview-chat");
        await Expect(cards).ToBeHiddenAsync();

        var now = DateTime.UtcNow;
        await PublishChatAsync(server, tenant, Update(now, ("s-1", "web", now.AddSeconds(-20))));

        await Expect(cards).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ov-chat-waiting")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("ov-chat-active")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("ov-chat-first-response")).ToHaveTextAsync("0:30");
        await Expect(page.GetByTestId("ov-chat-csat")).ToHaveTextAsync("80.0 %");
        await Expect(page.GetByTestId("ov-chat-longest-wait")).ToHaveTextAsync(new Regex(@"^0:[2-5]\d$"));
        await Expect(cards.GetByRole(AriaRole.Link, new() { Name = "Chat page" })).ToHaveAttributeAsync("href", "/chat");

        // Reloaded, the server renders them from the snapshot.
        await page.ReloadAsync();
        await Expect(cards).ToBeVisibleAsync();
        await Expect(page.GetByTestId("ov-chat-waiting")).ToHaveTextAsync("1");
    }
}
