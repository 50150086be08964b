namespace Dashboard.Ingestion;

/// <summary>
/// Collects the <see cref="EventError"/>s of one request, event by event, so a rejected batch names every bad event
/// (docs/protocol.md §7) while one pathological event cannot blow up the response. It also carries the
/// <see cref="EventLimits"/> the rules check against, so every rule of one request sees the same configuration.
/// </summary>
/// <param name="limits">The request's limits; null means <see cref="EventLimits.Default"/>.</param>
internal sealed class EventErrorCollector(EventLimits? limits = null)
{
    // Enough to show every problem of a realistic event; more only repeats the same mistake.
    internal const int MaxPerEvent = 20;

    private readonly List<EventError> _errors = [];
    private int _index;
    private int _countForEvent;

    /// <summary>The bounds the rules of this request check against.</summary>
    public EventLimits Limits { get; } = limits ?? EventLimits.Default;

    /// <summary>Every error so far, in batch order.</summary>
    public IReadOnlyList<EventError> Errors => _errors;

    /// <summary>True when the event being checked has at least one error.</summary>
    public bool CurrentHasErrors => _countForEvent > 0;

    /// <summary>Starts collecting for the event at <paramref name="index"/>.</summary>
    public void BeginEvent(int index)
    {
        _index = index;
        _countForEvent = 0;
    }

    /// <summary>Records that <paramref name="field"/> of the current event breaks <paramref name="reason"/>.</summary>
    public void Add(string field, string reason)
    {
        if (_countForEvent++ < MaxPerEvent)
        {
            _errors.Add(new EventError(_index, field, reason));
        }
    }
}
