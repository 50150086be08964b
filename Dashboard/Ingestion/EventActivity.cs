namespace Dashboard.Ingestion;

/// <summary>
/// The activity line of one event (docs/activity.md): written in the same statement as the event itself by
/// <see cref="EventStore"/>, so only a newly stored event gets one.
/// </summary>
/// <param name="Domain"><c>voice</c>, <c>chat</c>, <c>commerce</c>, <c>kpi</c> or <c>notification</c>.</param>
/// <param name="Subject">What the event is about (call, session, transaction, agent, series…), at most 200 characters; null when nothing.</param>
/// <param name="Summary">The human text, 1..200 characters.</param>
/// <param name="Severity"><c>info</c>, <c>success</c>, <c>warning</c> or <c>error</c>.</param>
internal sealed record EventActivityLine(string Domain, string? Subject, string Summary, string Severity);

/// <summary>
/// What ingestion asks of the activity feed (implemented by <c>Activity/</c>, which builds on ingestion, so ingestion
/// knows only this contract): the lines of a request's events before the insert, and their live messages after the commit.
/// </summary>
internal interface IEventActivity
{
    /// <summary>
    /// One line per event of <paramref name="events"/>, in order, summarised with the context already folded (one query)
    /// and the earlier events of the list. Never throws but for <paramref name="ct"/>: without context the lines are shorter.
    /// </summary>
    Task<IReadOnlyList<EventActivityLine>> DescribeAsync(string tenant, IReadOnlyList<CloudEvent> events, CancellationToken ct);

    /// <summary>
    /// The lines' live messages for the insert to sequence, log and NOTIFY with the events (one per event that has a line,
    /// each published only if its event is newly stored; <see cref="LiveMessage"/>), when the request is small enough
    /// never to be coalesced; null when it is not, or there are no lines: then publish with <see cref="PublishStoredAsync"/>
    /// after the commit. Never throws.
    /// </summary>
    IReadOnlyList<LiveMessage>? PrepareLive(string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<EventActivityLine> lines);

    /// <summary>
    /// Publishes the lines of the events <paramref name="stored"/> marks as newly stored on topic <c>activity</c>; waits like
    /// <see cref="CommittedMessagePublisher.PublishAsync"/> (bounded by <c>Ingestion:LivePublishWaitMilliseconds</c>). Never
    /// throws but for <paramref name="ct"/>.
    /// </summary>
    Task PublishStoredAsync(string tenant, IReadOnlyList<CloudEvent> events, IReadOnlyList<EventActivityLine> lines, bool[] stored, CancellationToken ct);
}
