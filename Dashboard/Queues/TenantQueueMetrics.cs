namespace Dashboard.Queues;

/// <summary>One tenant's payloads for <c>queue</c> and <c>agents</c>.</summary>
internal sealed record TenantQueueMetrics(string Tenant, QueueUpdated Queue, AgentMetricsUpdate Agents)
{
    /// <summary>True when the tenant has no queue, no agent and no agent time today: nothing worth a first snapshot.</summary>
    public bool IsEmpty => Queue.Queues.Count == 0 && Agents.AgentCount == 0 && Agents.Occupancy is null;
}
