namespace Dashboard.Queues;

/// <summary>Message types of the queue and agent metrics.</summary>
public static class QueueMessageTypes
{
    /// <summary>On <c>queue</c>.</summary>
    public const string QueueUpdated = "queue_updated";

    /// <summary>On <c>agents</c> (beside <c>agent_status_changed</c>, published at ingest).</summary>
    public const string AgentMetrics = "agent_metrics";
}
