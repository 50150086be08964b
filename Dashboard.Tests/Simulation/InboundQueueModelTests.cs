using System.Text.Json;
using Dashboard.Catalogue;
using Dashboard.Ingestion;
using Dashboard.Simulation;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Simulation;

/// <summary>The inbound queue model's event stream: call and agent life cycles, determinism, and what ingestion accepts.</summary>
public sealed class InboundQueueModelTests
{
    internal static readonly DateTimeOffset Start = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    // Two queues, one of them tight enough that callers wait and some abandon, with breaks often enough to be seen.
    internal static readonly QueueProfile[] TwoQueues =
    [
        new() { Name = "support", Agents = 6, CallsPerHour = 80, MeanHandleSeconds = 240, WrapUpSeconds = 30, MeanPatienceSeconds = 120, BreakProbability = 0.1, BreakSeconds = 300 },
        new() { Name = "sales", Agents = 4, CallsPerHour = 40, MeanHandleSeconds = 180, WrapUpSeconds = 45, MeanPatienceSeconds = 200 },
    ];

    /// <summary>Advances <paramref name="model"/> from <paramref name="from"/> (default <see cref="Start"/>) in <paramref name="step"/>s up to <paramref name="length"/> later.</summary>
    internal static List<SimulatedEvent> Run(InboundQueueModel model, TimeSpan length, TimeSpan step, DateTimeOffset? from = null)
    {
        var events = new List<SimulatedEvent>();
        var start = from ?? Start;
        for (var t = start; t <= start + length; t += step)
        {
            var batch = model.Advance(t);
            Assert.All(batch, e => Assert.True(e.Time <= t, "an event from the future"));
            events.AddRange(batch);
        }

        return events;
    }

    [Fact]
    public void Every_call_goes_started_queued_then_answered_and_completed_or_ends_abandoned()
    {
        var model = new InboundQueueModel(TwoQueues, 1, new Random(21), "run1", Start);
        var events = Run(model, TimeSpan.FromHours(10), TimeSpan.FromSeconds(7));

        Assert.Equal(events.OrderBy(e => e.Time).Select(e => e.Id), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e => Assert.StartsWith("run1-in-", e.Id, StringComparison.Ordinal));
        var agentQueue = events.Select(e => e.Data).OfType<AgentStatusData>().GroupBy(a => a.AgentId).ToDictionary(g => g.Key, g => Assert.Single(g.First().Queues));

        var calls = events.Where(e => e.Type.StartsWith("call.", StringComparison.Ordinal)).GroupBy(e => e.Subject).ToList();
        int completed = 0, abandoned = 0;
        foreach (var call in calls)
        {
            var list = call.ToList();
            var types = list.Select(e => e.Type).ToList();
            var started = Assert.IsType<InboundCallStartedData>(list[0].Data);
            Assert.Equal((call.Key, "inbound"), (started.CallId, started.Direction));
            Assert.Contains(started.Queue, TwoQueues.Select(q => q.Name));
            var queued = Assert.IsType<CallQueuedData>(list[1].Data);
            Assert.Equal((call.Key, started.Queue, list[0].Time), (queued.CallId, queued.Queue, list[1].Time));

            if (types.SequenceEqual([EventTypes.CallStarted, EventTypes.CallQueued, EventTypes.CallAnswered, EventTypes.CallEnded]))
            {
                var answered = Assert.IsType<CallAnsweredData>(list[2].Data);
                Assert.Equal(started.Queue, agentQueue[answered.AgentId]); // an agent of the queue the caller rang
                var end = Assert.IsType<CallEndedData>(list[3].Data);
                Assert.Equal(CallOutcomes.Completed, end.Outcome);
                Assert.Equal((list[3].Time - list[2].Time).TotalSeconds, end.DurationSeconds, 3);
                Assert.True(end.DurationSeconds > 0);
                completed++;
            }
            else if (types.SequenceEqual([EventTypes.CallStarted, EventTypes.CallQueued, EventTypes.CallEnded]))
            {
                var end = Assert.IsType<CallEndedData>(list[2].Data);
                Assert.Equal(CallOutcomes.Abandoned, end.Outcome);
                Assert.Equal((list[2].Time - list[0].Time).TotalSeconds, end.DurationSeconds, 3);
                abandoned++;
            }
            else
            {
                // Only the calls still waiting or talking when the run stopped may be unfinished.
                Assert.True(types.SequenceEqual([EventTypes.CallStarted, EventTypes.CallQueued])
                    || types.SequenceEqual([EventTypes.CallStarted, EventTypes.CallQueued, EventTypes.CallAnswered]), string.Join(" → ", types));
                Assert.True(list[0].Time > Start.AddHours(9), $"{call.Key} unfinished since {list[0].Time:O}");
            }
        }

        Assert.True(completed > 800, $"{completed} completed");
        Assert.True(abandoned > 10, $"{abandoned} abandoned");
    }

    [Fact]
    public void No_agent_takes_two_calls_at_once_and_every_agent_wraps_up_before_becoming_available()
    {
        var model = new InboundQueueModel(TwoQueues, 2, new Random(5), "r", Start);
        var events = Run(model, TimeSpan.FromHours(6), TimeSpan.FromSeconds(3));
        var profiles = TwoQueues.ToDictionary(q => q.Name);

        // Every agent logs in first, available, named, with its one queue.
        var agents = TwoQueues.Sum(q => q.Agents);
        var login = events.Take(agents).Select(e => Assert.IsType<AgentStatusData>(e.Data)).ToList();
        Assert.All(login, a => Assert.Equal(AgentStatus.Available, a.Status));
        Assert.Equal(agents, login.Select(a => a.AgentId).Distinct().Count());
        Assert.Equal(agents, login.Select(a => a.Name).Distinct().Count());
        Assert.All(login, a => Assert.StartsWith($"agent-{Assert.Single(a.Queues)}-", a.AgentId, StringComparison.Ordinal));

        var allowed = new Dictionary<string, string[]>
        {
            [AgentStatus.Available] = [AgentStatus.OnCall],
            [AgentStatus.OnCall] = [AgentStatus.AfterCallWork],
            [AgentStatus.AfterCallWork] = [AgentStatus.Available, AgentStatus.Busy],
            [AgentStatus.Busy] = [AgentStatus.Available],
        };
        var state = new Dictionary<string, (string Status, DateTimeOffset Since, string Queue, string? Call)>();
        int wrapUps = 0, breaks = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.Data)
            {
                case AgentStatusData a when !state.ContainsKey(a.AgentId):
                    state[a.AgentId] = (a.Status, e.Time, a.Queues[0], null);
                    break;
                case AgentStatusData a:
                    var was = state[a.AgentId];
                    Assert.Contains(a.Status, allowed[was.Status]);
                    var nominal = (e.Time - was.Since).TotalSeconds * 2;
                    if (was.Status == AgentStatus.AfterCallWork)
                    {
                        Assert.Equal(profiles[was.Queue].WrapUpSeconds, nominal, 3);
                        wrapUps++;
                    }
                    else if (was.Status == AgentStatus.Busy)
                    {
                        Assert.Equal(profiles[was.Queue].BreakSeconds, nominal, 3);
                        breaks++;
                    }

                    if (a.Status == AgentStatus.OnCall)
                    {
                        // The answer that goes with going on call follows at the same instant.
                        var answer = Assert.IsType<CallAnsweredData>(events[i + 1].Data);
                        Assert.Equal((a.AgentId, e.Time), (answer.AgentId, events[i + 1].Time));
                        Assert.Null(was.Call);
                        was.Call = answer.CallId;
                    }
                    else
                    {
                        Assert.Null(was.Call); // leaves on_call only once its call has ended
                    }

                    state[a.AgentId] = was with { Status = a.Status, Since = e.Time };
                    break;
                case CallEndedData end when end.Outcome == CallOutcomes.Completed:
                    var (agent, talking) = Assert.Single(state, s => s.Value.Call == end.CallId);
                    Assert.Equal(AgentStatus.OnCall, talking.Status);
                    state[agent] = talking with { Call = null };
                    var next = Assert.IsType<AgentStatusData>(events[i + 1].Data);
                    Assert.Equal((agent, AgentStatus.AfterCallWork, e.Time), (next.AgentId, next.Status, events[i + 1].Time));
                    break;
            }
        }

        Assert.True(wrapUps > 500, $"{wrapUps} wrap-ups");
        Assert.True(breaks > 10, $"{breaks} breaks");
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_however_finely_a_manual_clock_advances()
    {
        static string Run(int seed, TimeSpan step) => ModelTrace.Of(Start, step, now => new InboundQueueModel(TwoQueues, 3, new Random(seed), "r", now));

        var fine = Run(11, TimeSpan.FromMilliseconds(250));
        Assert.Equal(fine, Run(11, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(fine, Run(12, TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void Every_event_the_model_emits_passes_the_ingestion_validator()
    {
        // A start between two milliseconds, as a real clock gives: the wire's timestamps still differ by the durations.
        var start = Start.AddTicks(4321);
        var events = Run(new InboundQueueModel(TwoQueues, 5, new Random(3), "v", start), TimeSpan.FromHours(2), TimeSpan.FromSeconds(1), start);
        Assert.Equal(
            [EventTypes.AgentStatusChanged, EventTypes.CallAnswered, EventTypes.CallEnded, EventTypes.CallQueued, EventTypes.CallStarted],
            events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));

        using var batch = JsonDocument.Parse(CloudEventBatch.Serialize(events));
        var errors = new EventErrorCollector();
        // Arrival at the run's end, as the simulator posts each event when its time comes: Ingestion:MaxFutureSkewSeconds
        // refuses events from more than 300 s after arrival.
        var valid = CloudEventValidator.ValidateAll([.. batch.RootElement.EnumerateArray()], Start.AddHours(2), errors);

        Assert.Empty(errors.Errors);
        Assert.Equal(events.Count, valid.Count);
        var status = batch.RootElement.EnumerateArray().First(e => e.GetProperty("type").GetString() == EventTypes.AgentStatusChanged).GetProperty("data");
        Assert.Equal(["agentId", "name", "status", "queues"], status.EnumerateObject().Select(p => p.Name));

        var wire = valid.Where(e => e.Type.StartsWith("call.", StringComparison.Ordinal)).GroupBy(e => e.Subject!).ToList();
        Assert.All(wire.Where(c => c.Any(e => e.Type == EventTypes.CallEnded)), call =>
        {
            var end = call.Single(e => e.Type == EventTypes.CallEnded);
            var from = call.SingleOrDefault(e => e.Type == EventTypes.CallAnswered) ?? call.Single(e => e.Type == EventTypes.CallStarted);
            Assert.Equal((decimal)(end.Time - from.Time).TotalSeconds, end.Data.GetProperty("durationSeconds").GetDecimal());
        });
    }

    [Fact]
    public void Out_of_range_profiles_are_rejected()
    {
        var good = new QueueProfile { Name = "q" };
        QueueProfile[] bad =
        [
            good with { Agents = 0 },
            good with { CallsPerHour = 0 },
            good with { MeanHandleSeconds = double.NaN },
            good with { MeanPatienceSeconds = -1 },
            good with { WrapUpSeconds = -1 },
            good with { BreakProbability = 1.5 },
            good with { Name = "" },
        ];

        _ = new InboundQueueModel([good], 1, new Random(1), "t", Start);
        Assert.All(bad, profile => Assert.Throws<ArgumentException>(() => new InboundQueueModel([profile], 1, new Random(1), "t", Start)));
    }

    [Fact]
    public void Two_queues_with_one_name_or_no_queue_at_all_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new InboundQueueModel([TwoQueues[0], TwoQueues[0]], 1, new Random(1), "t", Start));
        Assert.Throws<ArgumentException>(() => new InboundQueueModel([], 1, new Random(1), "t", Start));
        Assert.Throws<ArgumentException>(() => new InboundQueueModel(TwoQueues, 0, new Random(1), "t", Start));
    }
}
