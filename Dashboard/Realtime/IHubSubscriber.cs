namespace Dashboard.Realtime;

/// <summary>A receiver of hub messages: a WebSocket or SSE connection's bounded send queue.</summary>
public interface IHubSubscriber
{
    /// <summary>
    /// Queues <paramref name="message"/> without blocking. Called with the stream's lock held, so it must be quick and
    /// must never wait for the network: a full queue is the subscriber's problem (coalesce, drop, or close itself).
    /// </summary>
    void Deliver(HubMessage message);
}
