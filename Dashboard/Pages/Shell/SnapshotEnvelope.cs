using System.Text;
using System.Text.Json;
using Dashboard.Realtime;

namespace Dashboard.Pages.Shell;

/// <summary>
/// The hub's newest snapshot of one topic for a page's first view (docs/pages.md): its payload for the server-rendered
/// markup and its envelope for the script, which renders it before it connects.
/// </summary>
internal static class SnapshotEnvelope
{
    /// <summary>The JSON of "no snapshot": what the script reads as nothing embedded.</summary>
    public const string NoEnvelope = "null";

    /// <summary>
    /// The newest snapshot of <paramref name="topic"/> for <paramref name="tenant"/> on this node: its <c>data</c> as
    /// <typeparamref name="T"/> (null without a snapshot or without <c>data</c>) and the whole envelope as JSON safe inside
    /// <c>&lt;script type="application/json"&gt;</c> (<see cref="NoEnvelope"/> without a snapshot).
    /// </summary>
    /// <exception cref="JsonException">The snapshot's <c>data</c> does not read as <typeparamref name="T"/>.</exception>
    public static (T? Update, string EnvelopeJson) Load<T>(RealtimeHub hub, string tenant, string topic)
        where T : class
    {
        var message = hub.Latest(tenant, topic);
        if (message is null)
        {
            return (null, NoEnvelope);
        }

        using var doc = JsonDocument.Parse(message.Json);
        var update = doc.RootElement.TryGetProperty("data", out var data) ? data.Deserialize<T>(JsonDefaults.Options) : null;
        return (update, Display.ScriptSafe(Encoding.UTF8.GetString(message.Json.Span)));
    }
}
