using System.Text.Json;
using Dashboard.Notifications;
using Dashboard.Realtime;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// A snapshot or coalesced list keeps to Realtime:MaxPublishBytes (docs/notifications.md, "Limits"): texts at
/// Ingestion:MaxTextBytes that JSON escaping grows six-fold would make 100 of them too large to publish at all.
/// </summary>
public sealed class NotificationBudgetTests
{
    [Fact]
    public void The_newest_that_fit_are_kept_in_order_and_a_list_that_fits_is_kept_whole()
    {
        // 1,024 '<' each written as \u003C: over 6 KB per text, about 24.6 KB per item, 2.4 MB for 100.
        var text = new string('<', 1024);
        var items = Enumerable.Range(0, 100).Select(i => new NotificationItem(100 - i, text, text, "info", text, text,
            DateTimeOffset.UnixEpoch, "producer", null, null, null)).ToList();
        const int Max = 1024 * 1024;
        Assert.True(Serialized(new NotificationList(items, 100)) > Max, "the test's list must not fit as it is");

        var fit = NotificationBudget.Fit(items, Max);

        Assert.InRange(fit.Count, 30, 99);
        Assert.Equal(items.Take(fit.Count), fit);
        Assert.True(Serialized(new NotificationList(fit, fit.Count)) <= Max - NotificationBudget.EnvelopeBytes + 64);
        Assert.True(Serialized(new NotificationList([.. items.Take(fit.Count + 1)], fit.Count + 1)) > Max - NotificationBudget.EnvelopeBytes);

        var small = items.Select(i => i with { Title = "t", Message = "m", Category = null, ActionUrl = null }).ToList();
        Assert.Same(small, NotificationBudget.Fit(small, Max));
    }

    private static int Serialized(NotificationList list) => JsonSerializer.SerializeToUtf8Bytes(list, JsonDefaults.Options).Length;
}
