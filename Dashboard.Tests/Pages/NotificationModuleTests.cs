using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>
/// Unit tests of the notification centre's list and the alert pages' instance book, run in Chromium: the modules are
/// imported as the pages import them, from the server's <c>/js/</c>, on the (anonymous) sign-in page.
/// </summary>
public sealed class NotificationModuleTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_list_merges_by_id_keeps_the_newest_100_and_takes_read_marks_only_from_rest()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { NotificationStore, notificationsOf } = await import('/js/notification-store.js');
              const n = (id, read) => ({ id, title: `n${id}`, message: '', severity: 'info', source: 'producer', ...(read === undefined ? {} : { read }) });
              const store = new NotificationStore();
              // The REST read: 1..3, 2 read.
              store.merge(notificationsOf({ items: [n(3, false), n(2, true), n(1, false)], count: 3 }));
              const afterRest = store.unreadCount;
              // A snapshot repeating them without marks keeps the marks; one new id is unread and reported as added.
              const added = store.merge(notificationsOf({ items: [n(4), n(3), n(2), n(1)], count: 4 }));
              // A single live notification, twice.
              const once = store.merge(notificationsOf(n(5))).length;
              const twice = store.merge(notificationsOf(n(5))).length;
              const marked = store.markRead(5);
              const again = store.markRead(5);
              // 150 more: only the newest 100 stay, newest first.
              store.merge(Array.from({ length: 150 }, (_, i) => n(6 + i)));
              const ids = store.list().map(x => x.id);
              store.markAllRead();
              return { afterRest, added: added.map(x => x.id), once, twice, marked, again, size: ids.length, first: ids[0], last: ids[ids.length - 1],
                       newest: store.newestId, unreadAfterAll: store.unreadCount, notAnItem: notificationsOf({ nope: 1 }).length };
            }
            """);

        Assert.Equal(2, result.GetProperty("afterRest").GetInt32());
        Assert.Equal([4], result.GetProperty("added").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, result.GetProperty("once").GetInt32());
        Assert.Equal(0, result.GetProperty("twice").GetInt32());
        Assert.True(result.GetProperty("marked").GetBoolean());
        Assert.False(result.GetProperty("again").GetBoolean());
        Assert.Equal(100, result.GetProperty("size").GetInt32());
        Assert.Equal(155, result.GetProperty("first").GetInt32());
        Assert.Equal(56, result.GetProperty("last").GetInt32());
        Assert.Equal(155, result.GetProperty("newest").GetInt32());
        Assert.Equal(0, result.GetProperty("unreadAfterAll").GetInt32());
        Assert.Equal(0, result.GetProperty("notAnItem").GetInt32());
    }

    [Fact]
    public async Task A_late_rest_answer_does_not_undo_a_newer_alert_state_and_firing_alerts_come_critical_first()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { AlertBook, labelsText } = await import('/js/alert-book.js');
              const a = (id, state, level, extra = {}) => ({ id, ruleId: `r${id}`, ruleName: `Rule ${id}`, labels: {}, labelKey: '', state, level, severity: level === 'none' ? null : level, ...extra });
              const book = new AlertBook();
              book.replace({ rules: [{ id: 'r1' }], alerts: [a(1, 'normal', 'none'), a(2, 'firing', 'warning'), a(3, 'pending', 'none')] });
              const token = book.beginRead();
              // While the read is under way, alert 1 fires critical and alert 2 is acknowledged.
              book.update(a(1, 'firing', 'critical'));
              book.update(a(2, 'firing', 'warning', { acknowledgedBy: 'alice' }));
              // The answer was computed before both.
              book.replace({ rules: [{ id: 'r1' }, { id: 'r2' }], alerts: [a(1, 'normal', 'none'), a(2, 'firing', 'warning'), a(3, 'pending', 'none')] }, token);
              const kept = { one: book.get(1).level, two: book.get(2).acknowledgedBy ?? null };
              // A read started after them replaces them.
              book.replace({ alerts: [a(1, 'recovering', 'critical'), a(2, 'normal', 'none')] }, book.beginRead());
              return { kept, rules: book.rules.length, later: [book.get(1).state, book.get(2).state, book.get(3) === undefined],
                       order: (() => { const b = new AlertBook(); b.replace({ alerts: [a(1, 'firing', 'warning'), a(2, 'normal', 'none'), a(3, 'firing', 'critical'), a(4, 'pending', 'none')] });
                                       return { all: b.list().map(x => x.id), firing: b.firing().map(x => x.id) }; })(),
                       labels: [labelsText({}), labelsText({ queue: 'support', region: 'eu' })] };
            }
            """);

        Assert.Equal("critical", result.GetProperty("kept").GetProperty("one").GetString());
        Assert.Equal("alice", result.GetProperty("kept").GetProperty("two").GetString());
        Assert.Equal(2, result.GetProperty("rules").GetInt32());
        var later = result.GetProperty("later");
        Assert.Equal("recovering", later[0].GetString());
        Assert.Equal("normal", later[1].GetString());
        Assert.True(later[2].GetBoolean());
        Assert.Equal([3, 1, 4, 2], result.GetProperty("order").GetProperty("all").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([3, 1], result.GetProperty("order").GetProperty("firing").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["all", "queue=support, region=eu"], result.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_older_instance_version_never_replaces_a_newer_one_and_a_late_read_never_undoes_a_read_mark()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { AlertBook } = await import('/js/alert-book.js');
              const { NotificationStore, notificationsOf } = await import('/js/notification-store.js');
              const a = (id, version, extra = {}) => ({ id, ruleId: 'r', labels: {}, labelKey: '', state: 'firing', level: 'warning', severity: 'warning', version, acknowledgedBy: null, ...extra });

              // The bell: a live ack (v4), then a GET /api/v1/alerts read before it (v3) lands; then a newer pass (v5).
              const store = new NotificationStore();
              store.setAlert(a(7, 4, { acknowledgedBy: 'ana' }));
              const staleTaken = store.setAlert(a(7, 3));
              const afterStale = store.alert(7).acknowledgedBy;
              store.setAlert(a(7, 5, { level: 'none' }));
              const newer = [store.alert(7).acknowledgedBy, store.alert(7).level];

              // The book: the same, by update and by replace; a replace with versions wins even without beginRead.
              const book = new AlertBook();
              book.replace({ alerts: [a(1, 2), a(2, 2)] });
              book.update(a(1, 4, { acknowledgedBy: 'ana' }));
              book.update(a(1, 3));
              const updateKept = book.get(1).acknowledgedBy;
              book.replace({ alerts: [a(1, 3), a(2, 6, { state: 'recovering' })] }, book.beginRead());
              const replaceKept = [book.get(1).acknowledgedBy, book.get(1).version, book.get(2).state];
              book.replace({ alerts: [a(1, 9)] }, book.beginRead());
              const replaced = [book.get(1).version, book.get(1).acknowledgedBy, book.get(2) === undefined];

              // Read marks: mark all up to 3 while 4 has arrived; a GET answer read before the mark still says read:false.
              const n = (id, read) => ({ id, title: `n${id}`, severity: 'info', ...(read === undefined ? {} : { read }) });
              const marks = new NotificationStore();
              marks.merge(notificationsOf({ items: [n(3, false), n(2, false), n(1, false)] }));
              marks.merge(notificationsOf(n(4)));
              const markedAll = marks.markAllRead(3);
              marks.markRead(4);
              marks.merge(notificationsOf({ items: [n(4, false), n(3, false), n(2, false), n(1, false)] }));
              const afterLate = marks.list().map(x => [x.id, x.read]);
              return { staleTaken, afterStale, newer, updateKept, replaceKept, replaced, markedAll, afterLate, unread: marks.unreadCount };
            }
            """);

        Assert.False(result.GetProperty("staleTaken").GetBoolean());
        Assert.Equal("ana", result.GetProperty("afterStale").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("newer")[0].ValueKind);
        Assert.Equal("none", result.GetProperty("newer")[1].GetString());
        Assert.Equal("ana", result.GetProperty("updateKept").GetString());
        Assert.Equal("ana", result.GetProperty("replaceKept")[0].GetString());
        Assert.Equal(4, result.GetProperty("replaceKept")[1].GetInt32());
        Assert.Equal("recovering", result.GetProperty("replaceKept")[2].GetString());
        Assert.Equal(9, result.GetProperty("replaced")[0].GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("replaced")[1].ValueKind);
        Assert.True(result.GetProperty("replaced")[2].GetBoolean());
        Assert.Equal(3, result.GetProperty("markedAll").GetInt32());
        Assert.Equal(["4:True", "3:True", "2:True", "1:True"],
            result.GetProperty("afterLate").EnumerateArray().Select(e => $"{e[0].GetInt32()}:{(e[1].GetBoolean() ? "True" : "False")}"));
        Assert.Equal(0, result.GetProperty("unread").GetInt32());
    }
}
