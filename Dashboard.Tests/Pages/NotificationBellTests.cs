using System.Collections.Concurrent;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Dashboard.Tests.Pages.PageEvents;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The bell and notification centre of every page in Chromium (docs/pages.md "Notifications"): producer notifications
/// posted as <c>notification.created</c> events change the unread count live, toast when they are warnings or errors,
/// are listed newest first, and are marked read over REST (the marks outlive a reload). Needs the notifications branch
/// (<c>/api/v1/notifications</c> and the <c>notification</c> messages).
/// </summary>
public sealed class NotificationBellTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    private static object Notification(string title, string message, string severity, string? actionUrl = null) =>
        CloudEvent("notification.created", DateTimeOffset.UtcNow, new { title, message, severity, category = "ops", actionUrl });

    /// <summary>Console errors and uncaught exceptions of <paramref name="page"/> from now on (the favicon aside).</summary>
    internal static List<string> WatchErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add($"{page.Url}: console error: {m.Text} ({m.Location})");
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (errors)
            {
                errors.Add($"{page.Url}: uncaught: {e}");
            }
        };
        return errors;
    }

    [Fact]
    public async Task A_posted_notification_raises_the_unread_count_live_toasts_a_warning_and_mark_read_lowers_it()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await events.PostAsync(Notification("Old news", "Stored before the page opened", "error"));
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var errors = WatchErrors(page);
        await page.GotoAsync("/kpis");
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        var bell = page.GetByTestId("bell");
        await Expect(bell).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("1");
        await Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread");
        // What was there before the page opened does not toast.
        await Expect(page.GetByTestId("toast")).ToHaveCountAsync(0);

        // Live: a warning raises the count and toasts; an info raises it without a toast.
        await events.PostAsync(Notification("Queue backlog", "Support waits 6 min", "warning", "/queues"));
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2");
        var toast = page.GetByTestId("toast").Filter(new() { HasText = "Queue backlog: Support waits 6 min" });
        await Expect(toast).ToBeVisibleAsync();
        await Expect(toast).ToHaveAttributeAsync("data-level", "warning");
        await Expect(page.GetByTestId("bell-announce")).ToContainTextAsync("Queue backlog");
        await events.PostAsync(Notification("Deploy done", "v2.3 is out", "info"));
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("toast").Filter(new() { HasText = "Deploy done" })).ToHaveCountAsync(0);
        await toast.GetByRole(AriaRole.Button, new() { Name = "Dismiss notification" }).ClickAsync();
        await Expect(toast).ToHaveCountAsync(0);

        // The centre: newest first, unread marked, the action link; mark read lowers the count.
        await bell.ClickAsync();
        var centre = page.GetByTestId("notification-centre");
        await Expect(centre).ToBeVisibleAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-expanded", "true");
        var items = centre.GetByTestId("notification");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Locator("[data-field='title']")).ToHaveTextAsync(["Deploy done", "Queue backlog", "Old news"]);
        await Expect(items.Nth(1)).ToHaveAttributeAsync("data-read", "false");
        await Expect(items.Nth(1).Locator("[data-field='severity']")).ToHaveTextAsync("Warning");
        await Expect(items.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Open" })).ToHaveAttributeAsync("href", server.BaseAddress + "queues");
        await items.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Mark read" }).ClickAsync();
        await Expect(items.Nth(1)).ToHaveAttributeAsync("data-read", "true");
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2");

        // Escape closes the centre and gives the focus back to the bell.
        await page.Keyboard.PressAsync("Escape");
        await Expect(centre).ToBeHiddenAsync();
        await Expect(bell).ToBeFocusedAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-expanded", "false");

        // The read mark is the server's: another page keeps it; mark all read clears the count.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("2");
        await page.GetByTestId("bell").ClickAsync();
        await page.GetByTestId("mark-all-read").ClickAsync();
        await Expect(page.GetByTestId("bell-count")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
        await Expect(page.GetByTestId("notification-centre").Locator("[data-testid='notification'][data-read='false']")).ToHaveCountAsync(0);

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task The_jobs_page_keeps_its_polling_badge_and_still_has_a_live_bell()
    {
        var tenant = Tenants.New();
        using var events = new PageEvents(server, tenant);
        await using var context = await browser.NewContextAsync(server);
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        var errors = WatchErrors(page);
        await page.GotoAsync("/jobs");
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("bell-count")).ToBeHiddenAsync();
        await events.PostAsync(Notification("Disk almost full", "db-1 at 91 %", "error"));
        await Expect(page.GetByTestId("bell-count")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("toast").Filter(new() { HasText = "Disk almost full" })).ToHaveAttributeAsync("data-level", "critical");
        await Expect(page.GetByTestId("connection-state")).ToContainTextAsync("Polling");
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public async Task After_a_break_that_recovers_over_sse_the_centre_reads_the_marks_again()
    {
        var tenant = Tenants.New();
        var blocked = 0;
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        await using var context = await browser.NewContextAsync(server);
        // A proxy in front of /ws: passes sockets through until the test makes it refuse upgrades, so the client
        // resumes over SSE rather than WebSocket.
        await context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath == "/ws", ws =>
        {
            if (Volatile.Read(ref blocked) == 1)
            {
                _ = ws.CloseAsync(new() { Code = 1011, Reason = "blocked by the test proxy" });
                return;
            }

            ws.ConnectToServer();
            sockets.Enqueue(ws);
        });
        var page = await BrowserFixture.SignInAsync(context, server, tenant);
        await page.GotoAsync("/kpis");
        var badge = page.GetByTestId("connection-state");
        await Expect(badge).ToHaveTextAsync("Live");
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("data-ready", "true");

        var reread = page.WaitForRequestAsync(r => new Uri(r.Url).AbsolutePath == "/api/v1/notifications",
            new() { Timeout = 2 * BrowserFixture.TimeoutMs });
        Interlocked.Exchange(ref blocked, 1);
        await sockets.Last().CloseAsync(new() { Code = 1001, Reason = "proxy restarting" });
        await Expect(badge).ToHaveTextAsync("SSE");
        // Back over SSE, not WebSocket: the centre's read marks are read again all the same.
        await reread;
        await Expect(page.GetByTestId("bell")).ToHaveAttributeAsync("data-ready", "true");
    }
}
