namespace Dashboard.Realtime;

/// <summary>
/// One data message of a (tenant, topic) stream, serialised once: every subscriber on every transport gets the same
/// <see cref="Json"/> bytes, the envelope of docs/protocol.md §3.8
/// (<c>{"type":"…","topic":"…","seq":N,"ts":"…","data":{…}}</c>).
/// </summary>
public sealed class HubMessage
{
    /// <summary>The tenant whose stream this belongs to.</summary>
    public required string Tenant { get; init; }

    /// <summary>Topic name relative to the tenant, e.g. <c>campaign:c-1</c>.</summary>
    public required string Topic { get; init; }

    /// <summary>Message type, e.g. <c>metrics_update</c> or <c>call_event</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Position in the stream: one more than the previous message of the same (tenant, topic).</summary>
    public required long Seq { get; init; }

    /// <summary>
    /// True for a state snapshot (the newest replaces older ones: coalescing, REST snapshots);
    /// false for an event that must be delivered individually (e.g. <c>call_event</c>).
    /// </summary>
    public required bool IsSnapshot { get; init; }

    /// <summary>Publication time (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The UTF-8 JSON envelope.</summary>
    public required ReadOnlyMemory<byte> Json { get; init; }
}
