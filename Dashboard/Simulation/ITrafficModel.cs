namespace Dashboard.Simulation;

/// <summary>
/// A pure, seeded source of one tenant's simulated events (<see cref="CampaignTrafficModel"/>,
/// <see cref="InboundQueueModel"/>, <see cref="ChatCentreModel"/>): no I/O and no clock of its own, so the same seed and the same times give the same events.
/// </summary>
internal interface ITrafficModel
{
    /// <summary>Runs the model up to <paramref name="until"/> (UTC) and returns what happened since the previous call, ordered by time.</summary>
    IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until);
}
