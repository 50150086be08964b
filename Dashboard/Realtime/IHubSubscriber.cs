namespace Dashboard.Realtime;

/// <summary>A receiver of hub messages: a WebSocket or SSE connection's bounded send queue.</summary>
public interface IHubSubscriber
{
    /// <summary>
    /// Queues <paramref name="message"/> without blocking. Called with the stream's lock held, so it must be quick and
    /// must never wait for the network: a full queue is the subscriber's problem (coalesce, drop, or close itself).
    /// </summary>
    void Deliver(HubMessage message);

    /// <summary>
    /// The stream skipped seqs this subscriber can never receive (they left the backplane log before this node read
    /// them): queues <c>resync</c> for <paramref name="topic"/> (docs/protocol.md §3.4, the client drops what it holds of
    /// the topic) and then <paramref name="snapshot"/>, the stream's newest snapshot, when it has one. Called under the
    /// stream's lock like <see cref="Deliver"/>, and as quick.
    /// </summary>
    void Resync(string topic, HubMessage? snapshot);
}
