namespace Dashboard.Realtime.Backplane;

/// <summary>
/// A data message serialised once and checked against <c>Realtime:MaxPublishBytes</c> and <see cref="PublishGuard"/>,
/// ready to be sequenced: by <see cref="RealtimePublisher"/>'s own batches, or inside another statement that includes
/// <see cref="BackplaneSql"/> (made by <see cref="RealtimePublisher.Prepare"/>). The envelope is split around its seq
/// (<see cref="Head"/> ends with <c>"seq":</c>, <see cref="Tail"/> starts after it), so the database completes it
/// without parsing JSON.
/// </summary>
internal sealed class PreparedMessage
{
    /// <summary>Tenant id.</summary>
    public required string Tenant { get; init; }

    /// <summary>A catalogue topic, relative to the tenant.</summary>
    public required string Topic { get; init; }

    /// <summary>Message type, e.g. <c>call_event</c>.</summary>
    public required string Type { get; init; }

    /// <summary>True for state (kept as the topic's snapshot); false for an individual event.</summary>
    public required bool IsSnapshot { get; init; }

    /// <summary>Identifies the message across retries (<c>realtime_messages.publish_id</c>).</summary>
    public Guid Id { get; } = Guid.CreateVersion7();

    /// <summary><c>{"type":"…","topic":"…","seq":</c>; empty when <see cref="Refusal"/> is set before serialising.</summary>
    public required byte[] Head { get; init; }

    /// <summary><c>,"ts":"…","data":{…}}</c>; empty when <see cref="Refusal"/> is set before serialising.</summary>
    public required byte[] Tail { get; init; }

    /// <summary>
    /// Why the message must not be published, or null: a <see cref="RealtimeMessageRejectedException"/>
    /// (<c>too_large</c>, <c>backoff</c>) or the serialiser's exception. Not counted yet: the caller reports it with
    /// <see cref="RealtimePublisher.CompleteAsync"/> only if the message would have been published.
    /// </summary>
    public Exception? Refusal { get; init; }

    /// <summary>The envelope's size at most (<see cref="EnvelopeBytes"/>).</summary>
    public long Bytes => EnvelopeBytes(Head, Tail);

    /// <summary>An envelope's size at most: head, tail and 20 bytes for the seq (a bigint has at most 19 digits, and a sign).</summary>
    public static long EnvelopeBytes(byte[] head, byte[] tail) => (long)head.Length + tail.Length + 20;
}
