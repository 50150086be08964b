using Dashboard.Catalogue;
using Dashboard.Simulation;

namespace Dashboard.Tests.Simulation;

/// <summary>
/// Contact-centre figures of one queue measured from a simulated event stream, with the usual definitions (the ones
/// docs/metrics.md §4 and §5 name): service level = calls answered within T s / calls offered (abandons count as offered and not
/// answered in time), abandonment rate = abandoned / offered, ASA = mean wait of answered calls, AHT here = mean talk
/// time, occupancy = (talk + after-call work time) / (talk + after-call work + available time).
/// </summary>
internal sealed record QueueStatistics(int Offered, int Answered, int Abandoned, double ServiceLevel, double AbandonRate, double AsaSeconds, double MeanTalkSeconds, double Occupancy)
{
    /// <summary>Figures of <paramref name="queue"/> over the calls that <em>arrived</em> before <paramref name="arrivedBefore"/> (and finished).</summary>
    public static QueueStatistics Measure(IReadOnlyList<SimulatedEvent> events, string queue, DateTimeOffset arrivedBefore, double thresholdSeconds = 20)
    {
        var calls = new Dictionary<string, (DateTimeOffset Started, DateTimeOffset? Answered, CallEndedData? End)>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case InboundCallStartedData s when s.Queue == queue && e.Time < arrivedBefore:
                    calls[s.CallId] = (e.Time, null, null);
                    break;
                case CallAnsweredData a when calls.TryGetValue(a.CallId, out var c):
                    calls[a.CallId] = c with { Answered = e.Time };
                    break;
                case CallEndedData end when calls.TryGetValue(end.CallId, out var c):
                    calls[end.CallId] = c with { End = end };
                    break;
            }
        }

        var finished = calls.Values.Where(c => c.End is not null).ToList();
        var answered = finished.Where(c => c.End!.Outcome == CallOutcomes.Completed).ToList();
        var abandoned = finished.Count(c => c.End!.Outcome == CallOutcomes.Abandoned);
        var inTime = answered.Count(c => (c.Answered!.Value - c.Started).TotalSeconds <= thresholdSeconds);
        return new QueueStatistics(
            finished.Count,
            answered.Count,
            abandoned,
            inTime / (double)finished.Count,
            abandoned / (double)finished.Count,
            answered.Count == 0 ? 0 : answered.Average(c => (c.Answered!.Value - c.Started).TotalSeconds),
            answered.Count == 0 ? 0 : answered.Average(c => c.End!.DurationSeconds),
            MeasureOccupancy(events, queue, arrivedBefore));
    }

    /// <summary>Seconds each agent of <paramref name="queue"/> spent per status up to <paramref name="until"/>, summed.</summary>
    public static Dictionary<string, double> TimeInStatus(IReadOnlyList<SimulatedEvent> events, string queue, DateTimeOffset until)
    {
        var totals = new Dictionary<string, double>();
        var current = new Dictionary<string, (string Status, DateTimeOffset Since)>();
        foreach (var e in events.Where(e => e.Time <= until))
        {
            if (e.Data is AgentStatusData a && a.Queues.Contains(queue))
            {
                if (current.TryGetValue(a.AgentId, out var was))
                {
                    totals[was.Status] = totals.GetValueOrDefault(was.Status) + (e.Time - was.Since).TotalSeconds;
                }

                current[a.AgentId] = (a.Status, e.Time);
            }
        }

        foreach (var (status, since) in current.Values)
        {
            totals[status] = totals.GetValueOrDefault(status) + (until - since).TotalSeconds;
        }

        return totals;
    }

    private static double MeasureOccupancy(IReadOnlyList<SimulatedEvent> events, string queue, DateTimeOffset until)
    {
        var t = TimeInStatus(events, queue, until);
        var working = t.GetValueOrDefault(AgentStatus.OnCall) + t.GetValueOrDefault(AgentStatus.AfterCallWork);
        return working / (working + t.GetValueOrDefault(AgentStatus.Available));
    }
}
