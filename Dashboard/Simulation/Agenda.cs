namespace Dashboard.Simulation;

/// <summary>
/// The future of a discrete-event model: steps due at given instants, run in time order (steps due at the same instant
/// in the order they were scheduled), and the model's clock. Shared by every traffic model
/// (<see cref="CampaignTrafficModel"/>, <see cref="InboundQueueModel"/>, <see cref="ChatCentreModel"/>,
/// <see cref="ShopModel"/>) so that "same seed, same events, however the caller slices time" holds the same way in each.
/// </summary>
/// <typeparam name="TStep">What the model does at a step.</typeparam>
/// <param name="start">The clock's first reading (UTC).</param>
/// <remarks>Not thread-safe: one model, one loop.</remarks>
internal sealed class Agenda<TStep>(DateTimeOffset start)
{
    private readonly PriorityQueue<TStep, (DateTimeOffset Time, long Order)> _steps = new();
    private long _order;

    /// <summary>The model's time: the due time of the step being run, or the latest <see cref="RunUntil"/> bound once it returns.</summary>
    public DateTimeOffset Clock { get; private set; } = start;

    /// <summary>Steps scheduled and not yet run.</summary>
    public int Count => _steps.Count;

    /// <summary>Schedules <paramref name="step"/> at <paramref name="at"/> (a time before <see cref="Clock"/> runs at the next <see cref="RunUntil"/>).</summary>
    public void Schedule(DateTimeOffset at, TStep step) => _steps.Enqueue(step, (at, ++_order));

    /// <summary>
    /// Runs every step due at or before <paramref name="until"/>, including those the steps schedule on the way, with
    /// <see cref="Clock"/> set to each step's due time; then moves the clock to <paramref name="until"/> (never back).
    /// </summary>
    public void RunUntil(DateTimeOffset until, Action<TStep> run)
    {
        while (_steps.TryPeek(out var step, out var at) && at.Time <= until)
        {
            _steps.Dequeue();
            Clock = at.Time;
            run(step);
        }

        if (until > Clock)
        {
            Clock = until;
        }
    }
}
