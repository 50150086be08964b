namespace Dashboard.Simulation;

/// <summary>One simulated outbound campaign and its dial queue.</summary>
internal sealed class SimulatedCampaign(string id, string name, string callerId)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string CallerId { get; } = callerId;

    /// <summary><c>active</c> while contacts remain, <c>completed</c> when the queue is empty.</summary>
    public string Status { get; internal set; } = "active";

    /// <summary>Contacts still to dial.</summary>
    public int QueueDepth { get; internal set; }

    internal DateTimeOffset? ChangedAt { get; set; }
}
