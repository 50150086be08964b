using Dashboard.Realtime;
using System.Text;

namespace Dashboard.Tests.Realtime;

/// <summary>Hub messages for tests of the send queue alone.</summary>
internal static class TestHubMessages
{
    /// <summary>
    /// A message of tenant <c>t</c> on <paramref name="topic"/>: a snapshot (<c>metrics_update</c>) or an event
    /// (<c>call_event</c>) with <paramref name="seq"/>, its serialised bytes the UTF-8 of <paramref name="json"/>.
    /// </summary>
    public static HubMessage Of(string topic, long seq, bool snapshot, string json) => new()
    {
        Tenant = "t",
        Topic = topic,
        Type = snapshot ? "metrics_update" : "call_event",
        Seq = seq,
        IsSnapshot = snapshot,
        Timestamp = DateTimeOffset.UnixEpoch,
        Json = Encoding.UTF8.GetBytes(json),
    };
}
