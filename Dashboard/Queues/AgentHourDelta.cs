using Dashboard.Catalogue;

namespace Dashboard.Queues;

/// <summary>Deltas of one <c>agent_hourly</c> row: seconds per productive or not-ready status.</summary>
internal sealed class AgentHourDelta
{
    /// <summary>The statuses with a column, in column order; <c>offline</c> has none.</summary>
    public static readonly IReadOnlyList<string> Statuses = [AgentStatus.Available, AgentStatus.OnCall, AgentStatus.AfterCallWork, AgentStatus.Busy];

    /// <summary>Seconds per <see cref="Statuses"/> slot.</summary>
    public double[] Seconds { get; } = new double[Statuses.Count];

    /// <summary>The slot of <paramref name="status"/>, or -1 when it has no column.</summary>
    public static int SlotOf(string status)
    {
        for (var i = 0; i < Statuses.Count; i++)
        {
            if (string.Equals(Statuses[i], status, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
