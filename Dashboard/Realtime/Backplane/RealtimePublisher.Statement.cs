namespace Dashboard.Realtime.Backplane;

/// <summary>
/// Messages another folder's statement sequences itself: the caller prepares them (<see cref="Prepare"/>), includes the
/// publishable ones in its own statement with <see cref="BackplaneSql"/>, and after the commit reports each with
/// <see cref="CompleteAsync"/>, which records what this publisher records for its own batches and waits for this node
/// to apply it. Ingestion publishes its call events' messages this way, in the statement that inserts the events
/// (docs/architecture.md §3).
/// </summary>
internal sealed partial class RealtimePublisher
{
    /// <summary>
    /// Serialises <paramref name="data"/> as a <paramref name="type"/> message on (<paramref name="tenant"/>,
    /// <paramref name="topic"/>) and checks it as <see cref="PublishAsync"/> does, without counting a refusal yet.
    /// </summary>
    /// <returns>
    /// The message; its <see cref="PreparedMessage.Refusal"/> is set when it is larger than <c>Realtime:MaxPublishBytes</c>,
    /// its stream is backing off (<see cref="PublishGuard"/>) or <paramref name="data"/> cannot be serialised: leave such a
    /// message out of the statement. Never throws.
    /// </returns>
    public PreparedMessage Prepare(string tenant, string topic, string type, object data, bool isSnapshot) =>
        guard.Peek(tenant, topic, type) is { } backingOff
            ? new PreparedMessage { Tenant = tenant, Topic = topic, Type = type, IsSnapshot = isSnapshot, Head = [], Tail = [], Refusal = backingOff }
            : Serialise(tenant, topic, type, data, isSnapshot);

    /// <summary>
    /// Reports a prepared message after the statement that should carry it committed: a published one
    /// (<paramref name="seq"/> from <see cref="BackplaneSql.Published"/>) is counted and clears its stream's back-off, and
    /// the task completes once this node's subscribers have it queued (or after at most 5 s, as <see cref="PublishAsync"/>);
    /// a refused one is counted as <see cref="PublishAsync"/> would have counted it and faults the task. Call it only for a
    /// message that would have been published (e.g. not for a duplicate event's).
    /// </summary>
    /// <returns>The seq.</returns>
    /// <exception cref="RealtimeMessageRejectedException">(In the task) the message was refused (<c>too_large</c>, <c>backoff</c>).</exception>
    /// <exception cref="System.Text.Json.JsonException">(In the task, or another serialiser exception) the data could not be serialised.</exception>
    /// <exception cref="ArgumentOutOfRangeException">(In the task) a publishable message without a seq: the statement did not carry it.</exception>
    /// <exception cref="OperationCanceledException">(In the task) <paramref name="cancellationToken"/> fired first.</exception>
    public Task<long> CompleteAsync(PreparedMessage message, long seq, CancellationToken cancellationToken)
    {
        if (message.Refusal is not null)
        {
            return Task.FromException<long>(guard.Rejected(message));
        }

        if (seq < 1)
        {
            return Task.FromException<long>(new ArgumentOutOfRangeException(nameof(seq), seq, "A published message has a seq of at least 1."));
        }

        metrics.BackplaneMessages("published", 1);
        guard.Published(message.Tenant, message.Topic, message.Type);
        return AppliedHereAsync(message, seq, cancellationToken);
    }

    private async Task<long> AppliedHereAsync(PreparedMessage message, long seq, CancellationToken cancellationToken)
    {
        await WhenAppliedHereAsync(message.Tenant, message.Topic, seq, cancellationToken);
        return seq;
    }

    // The envelope, serialised once (ts: now), and the size check of Realtime:MaxPublishBytes.
    private PreparedMessage Serialise(string tenant, string topic, string type, object data, bool isSnapshot)
    {
        byte[] head, tail;
        Exception? refusal = null;
        try
        {
            HubEnvelope.Split(type, topic, time.GetUtcNow(), data, out head, out tail);
        }
        catch (Exception ex)
        {
            // A payload the serializer refuses (e.g. a NaN) fails its own message, like every other refusal here.
            (head, tail, refusal) = ([], [], ex);
        }

        var bytes = PreparedMessage.EnvelopeBytes(head, tail);
        var max = options.Value.MaxPublishBytes;
        if (refusal is null && bytes > max)
        {
            refusal = new RealtimeMessageRejectedException("too_large", $"The {type} message of topic {topic} is {bytes} bytes, over Realtime:MaxPublishBytes ({max}).");
        }

        return new PreparedMessage { Tenant = tenant, Topic = topic, Type = type, IsSnapshot = isSnapshot, Head = head, Tail = tail, Refusal = refusal };
    }
}
