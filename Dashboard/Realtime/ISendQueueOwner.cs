namespace Dashboard.Realtime;

/// <summary>
/// What a <see cref="SendQueue"/> tells the connection that owns it. One interface on the connection instead of a
/// delegate (and closure) per callback: a queue per idle connection then costs no callback objects (docs/limits.md).
/// </summary>
/// <remarks>
/// Every member may run on a publisher's thread under the hub's stream lock (and <see cref="Coalesced"/> under the
/// queue's lock): it must be quick and must not block or wait for the network.
/// </remarks>
internal interface ISendQueueOwner
{
    /// <summary>A queued snapshot of <paramref name="topic"/> was dropped for a newer one (<c>dashboard_messages_dropped_total{reason="coalesced"}</c>).</summary>
    void Coalesced(string topic);

    /// <summary>A resume was answered: <paramref name="replayed"/> true when the missed messages were replayed, false on resync.</summary>
    void Resumed(bool replayed);

    /// <summary>The consumer is too slow: the queue has stopped accepting; the owner closes (4008, or ends the SSE stream).</summary>
    void Overflowed();

    /// <summary>The transport's <c>resync</c> frame for <paramref name="topic"/>; null sends none.</summary>
    byte[]? ResyncFrame(string topic);
}
