namespace Dashboard.Simulation;

/// <summary>
/// A pure, seeded source of one tenant's simulated events (<see cref="CampaignTrafficModel"/>,
/// <see cref="InboundQueueModel"/>, <see cref="ChatCentreModel"/>, <see cref="ShopModel"/>): no I/O and no clock of its own, so the same seed and the same times give the same events.
/// </summary>
internal interface ITrafficModel
{
    /// <summary>
    /// Runs the model up to <paramref name="until"/> (UTC) and returns what happened since the previous call, ordered by
    /// time, except events a model delivers late on purpose (<see cref="ShopModel"/>'s webhooks), which carry the earlier
    /// time they happened; none lies after <paramref name="until"/>.
    /// </summary>
    IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until);
}
