namespace Dashboard.Queues;

/// <summary>Seconds of closed status intervals (<c>agent_hourly</c>) in the statuses occupancy reads.</summary>
internal sealed record AgentSeconds(double Available, double OnCall, double AfterCallWork)
{
    public static readonly AgentSeconds Zero = new(0, 0, 0);
}
