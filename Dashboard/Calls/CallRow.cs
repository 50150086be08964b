using Dashboard.Catalogue;
namespace Dashboard.Calls;

/// <summary>A row of the <c>calls</c> table: one call as far as its events so far tell (all times UTC).</summary>
internal sealed record CallRow
{
    public required string Tenant { get; init; }

    public required string CallId { get; init; }

    public string? CampaignId { get; init; }

    public string? Direction { get; init; }

    public string? Queue { get; init; }

    public string? AgentId { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? AnsweredAt { get; init; }

    /// <summary>When the caller entered the queue (earliest <c>call.queued</c>).</summary>
    public DateTime? QueuedAt { get; init; }

    /// <summary>The service-level threshold T (seconds) of <see cref="Queue"/> when the call was queued there.</summary>
    public int? SlThresholdSeconds { get; init; }

    public DateTime? EndedAt { get; init; }

    public string? Outcome { get; init; }

    public double? DurationSeconds { get; init; }

    /// <summary>
    /// How long a call without a <c>call.ended</c> still counts as in progress (active, waiting, keeping its tenant live).
    /// Past it the end event is taken as lost (a provider's final callback that never came): the call stops counting
    /// as active or waiting, instead of waiting forever and keeping its tenant recomputed every second.
    /// </summary>
    public static readonly TimeSpan OpenHorizon = TimeSpan.FromHours(24);

    /// <summary>A call no event has described yet.</summary>
    public static CallRow Empty(string tenant, string callId) => new() { Tenant = tenant, CallId = callId };

    /// <summary>
    /// The call after <paramref name="e"/>. Order-independent where it matters for counting: the earliest start and
    /// answer times win, the first <c>call.ended</c> wins, and a field is only filled, never cleared.
    /// </summary>
    public CallRow Apply(CallEvent e)
    {
        var next = e.Type switch
        {
            EventTypes.CallStarted => this with
            {
                CampaignId = CampaignId ?? e.CampaignId,
                Direction = Direction ?? e.Direction,
                Queue = Queue ?? e.Queue,
                AgentId = AgentId ?? e.AgentId,
                StartedAt = Earliest(StartedAt, e.Time),
            },
            // A queueing after the answer is a transfer, which is not modelled: the call stays in the queue that
            // answered it. Otherwise the queue named last wins, the wait runs from the first queueing, and T is taken
            // when the call enters a queue, so a resent event never re-reads a changed configuration.
            EventTypes.CallQueued when AnsweredAt is { } answered && e.Time > answered => this,
            EventTypes.CallQueued => this with
            {
                Queue = e.Queue ?? Queue,
                SlThresholdSeconds = e.Queue is not null && (QueuedAt is null || e.Queue != Queue) ? e.SlThresholdSeconds : SlThresholdSeconds,
                QueuedAt = Earliest(QueuedAt, e.Time),
            },
            // The agent who answered is more specific than the one the dialer planned at start.
            EventTypes.CallAnswered => this with { AgentId = e.AgentId ?? AgentId, AnsweredAt = Earliest(AnsweredAt, e.Time) },
            EventTypes.CallEnded when EndedAt is null => this with
            {
                EndedAt = e.Time,
                Outcome = e.Outcome,
                DurationSeconds = e.DurationSeconds is >= 0 and < double.PositiveInfinity ? e.DurationSeconds : null,
            },
            _ => this,
        };

        // Without a durationSeconds from the producer, the duration is start to end, once both are known.
        return next is { DurationSeconds: null, StartedAt: { } s, EndedAt: { } end } && end >= s
            ? next with { DurationSeconds = (end - s).TotalSeconds }
            : next;
    }

    private static DateTime Earliest(DateTime? current, DateTime candidate) =>
        current is { } c && c <= candidate ? c : candidate;
}
