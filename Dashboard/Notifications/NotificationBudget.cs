using System.Text.Json;
using Dashboard.Realtime;

namespace Dashboard.Notifications;

/// <summary>
/// Keeps a list message (snapshot or coalesced) within <c>Realtime:MaxPublishBytes</c> (docs/notifications.md, "Limits"):
/// producers' texts may each be up to <c>Ingestion:MaxTextBytes</c>, and JSON escaping can grow them (<c>&lt;</c> is
/// written as <c>\u003C</c>), so 100 of them could exceed a message and the whole snapshot would be refused. The newest
/// ones that fit are listed instead.
/// </summary>
internal static class NotificationBudget
{
    /// <summary>Room kept for the envelope (type, topic, seq, ts) and the list's own members.</summary>
    public const int EnvelopeBytes = 1024;

    /// <summary>
    /// The longest prefix of <paramref name="newestFirst"/> whose items serialise (as on the wire) within
    /// <paramref name="maxPublishBytes"/> less <see cref="EnvelopeBytes"/>; the list itself when all fit.
    /// </summary>
    public static IReadOnlyList<NotificationItem> Fit(IReadOnlyList<NotificationItem> newestFirst, int maxPublishBytes)
    {
        var budget = (long)maxPublishBytes - EnvelopeBytes;
        long used = 0;
        for (var i = 0; i < newestFirst.Count; i++)
        {
            // + 1 for the comma between items.
            used += JsonSerializer.SerializeToUtf8Bytes(newestFirst[i], JsonDefaults.Options).Length + 1;
            if (used > budget)
            {
                return [.. newestFirst.Take(i)];
            }
        }

        return newestFirst;
    }
}
