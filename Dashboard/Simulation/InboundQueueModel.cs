using System.Globalization;
using Dashboard.Catalogue;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Simulation;

/// <summary>
/// A pure discrete-event model of one tenant's inbound contact centre: per <see cref="QueueProfile"/> a queue with its own
/// agents, Poisson arrivals, first-come-first-served waiting, exponential handle times and caller patience (an
/// M/M/N+M "Erlang A" queue), a fixed wrap-up after each call and occasional breaks. No I/O and no clock of its own: the
/// caller passes the time to advance to, so the same seed and the same times give the same events.
/// </summary>
/// <remarks>
/// <para>Per caller: <c>call.started {callId, direction: "inbound", queue}</c> and <c>call.queued {callId, queue}</c> on
/// arrival; then <c>call.answered {callId, agentId}</c> when an agent takes the call and <c>call.ended {outcome:
/// "completed", durationSeconds}</c> after the talk time, or <c>call.ended {outcome: "abandoned", durationSeconds}</c>
/// when the caller's patience runs out first. <c>durationSeconds</c> is the talk time (answer to hang-up) of a completed
/// call, as for outbound calls, and the time spent waiting of an abandoned one.</para>
/// <para>Per agent, <c>agent.status_changed {agentId, name, status, queues}</c>: every agent logs in <c>available</c> at
/// the start, then cycles <c>available → on_call → after_call_work → available</c>, or <c>after_call_work → busy →
/// available</c> when taking a break. An agent freed while callers wait reports <c>available</c> and, at the same
/// instant, <c>on_call</c> with the caller who waited longest (routing to the longest-idle agent otherwise, as ACDs do).</para>
/// <para>Every duration is divided by the speed factor and every rate multiplied by it, so occupancy and abandon rates
/// are those of the nominal queue while the demo runs faster.</para>
/// Not thread-safe: one instance per tenant, driven by one loop.
/// </remarks>
internal sealed class InboundQueueModel : ITrafficModel
{
    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jamal", "Keiko", "Liam", "Maya", "Nils",
        "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wei", "Xena", "Yusuf", "Zoe", "Aiden", "Bianca",
        "Carlos", "Dana", "Emeka", "Fatima", "Gus", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora",
    ];

    private readonly double _speed;
    private readonly Random _random;
    private readonly string _runId;
    private readonly List<QueueState> _queues = [];
    private readonly Agenda<Step> _agenda;
    private readonly List<SimulatedEvent> _out = [];
    private long _events;
    private long _calls;
    private bool _announced;

    /// <param name="queues">The queues, at least one, with distinct names.</param>
    /// <param name="speedFactor">Nominal seconds per wall-clock second, greater than 0.</param>
    /// <param name="random">Source of every random draw (seed it for repeatable traffic).</param>
    /// <param name="runId">Prefix of event and call ids, unique per run so a restart never re-sends an id.</param>
    /// <param name="start">Simulation start (UTC): every agent logs in then.</param>
    /// <exception cref="ArgumentException">No queue, a repeated name, or a value out of range.</exception>
    public InboundQueueModel(IReadOnlyList<QueueProfile> queues, double speedFactor, Random random, string runId, DateTimeOffset start)
    {
        if (queues.Count == 0 || queues.Select(q => q.Name).Distinct(StringComparer.Ordinal).Count() != queues.Count)
        {
            throw new ArgumentException("At least one queue, with distinct names.", nameof(queues));
        }

        if (queues.Any(q => string.IsNullOrEmpty(q.Name) || q.Agents < 1 || !(q.CallsPerHour > 0) || !(q.MeanHandleSeconds > 0)
            || !(q.MeanPatienceSeconds > 0) || !(q.WrapUpSeconds >= 0) || !(q.BreakSeconds >= 0) || q.BreakProbability is not (>= 0 and <= 1)))
        {
            throw new ArgumentException("Agents, CallsPerHour, MeanHandleSeconds and MeanPatienceSeconds must be positive; WrapUpSeconds and BreakSeconds not negative; BreakProbability within 0..1.", nameof(queues));
        }

        if (!(speedFactor > 0))
        {
            throw new ArgumentException("The speed factor must be positive.", nameof(speedFactor));
        }

        _speed = speedFactor;
        _random = random;
        _runId = runId;
        _agenda = new Agenda<Step>(start);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in queues)
        {
            var queue = new QueueState(profile);
            for (var i = 1; i <= profile.Agents; i++)
            {
                var agent = new Agent(AgentId(profile.Name, i), UniqueName(names), queue);
                queue.Agents.Add(agent);
                queue.Idle.Enqueue(agent);
            }

            _queues.Add(queue);
            Schedule(start + Interarrival(profile), new Step(StepKind.Arrival, queue, null, null));
        }
    }

    /// <summary>The id of agent <paramref name="index"/> (from 1) of <paramref name="queue"/>: <c>agent-{queue}-{NN}</c>.</summary>
    public static string AgentId(string queue, int index) => $"agent-{queue}-{index.ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>Callers waiting for an agent right now, over every queue.</summary>
    public int CallsWaiting => _queues.Sum(q => q.Waiting.Count);

    /// <summary>
    /// Runs the model up to <paramref name="until"/> and returns what happened since the previous call, in time order
    /// (events of one instant in the order they happened). The first call also logs every agent in.
    /// </summary>
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        _out.Clear();
        if (!_announced)
        {
            _announced = true;
            foreach (var agent in _queues.SelectMany(q => q.Agents))
            {
                SetStatus(agent, AgentStatus.Available);
            }
        }

        _agenda.RunUntil(until, Run);

        return [.. _out];
    }

    private void Run(Step step)
    {
        switch (step.Kind)
        {
            case StepKind.Arrival:
                Schedule(Now + Interarrival(step.Queue.Profile), step);
                Arrive(step.Queue);
                break;
            case StepKind.PatienceOut:
                Abandon(step.Call!);
                break;
            case StepKind.HangUp:
                HangUp(step.Call!, step.Agent!);
                break;
            case StepKind.WrapUpDone:
                if (_random.NextDouble() < step.Agent!.Queue.Profile.BreakProbability)
                {
                    SetStatus(step.Agent, AgentStatus.Busy);
                    Schedule(Now + Nominal(step.Agent.Queue.Profile.BreakSeconds), step with { Kind = StepKind.BreakDone });
                }
                else
                {
                    Free(step.Agent);
                }

                break;
            case StepKind.BreakDone:
                Free(step.Agent!);
                break;
        }
    }

    private void Arrive(QueueState queue)
    {
        var call = new Call("call-" + _runId + "-in-" + (++_calls).ToString(CultureInfo.InvariantCulture), queue, Now);
        Emit(CallStarted, call.Id, new InboundCallStartedData(call.Id, "inbound", queue.Profile.Name));
        Emit(CallQueued, call.Id, new CallQueuedData(call.Id, queue.Profile.Name));
        if (queue.Idle.TryDequeue(out var agent))
        {
            Connect(agent, call);
            return;
        }

        // First come, first served; the patience clock starts on arrival (Erlang A's exponential abandonment).
        call.Waiting = queue.Waiting.AddLast(call);
        Schedule(Now + Nominal(Exponential(queue.Profile.MeanPatienceSeconds)), new Step(StepKind.PatienceOut, queue, call, null));
    }

    private void Abandon(Call call)
    {
        if (call.Waiting is null)
        {
            return; // answered before the caller ran out of patience
        }

        call.Queue.Waiting.Remove(call.Waiting);
        call.Waiting = null;
        Emit(CallEnded, call.Id, new CallEndedData(call.Id, CallOutcomes.Abandoned, Math.Round((Now - call.StartedAt).TotalSeconds, 3)));
    }

    private void Connect(Agent agent, Call call)
    {
        SetStatus(agent, AgentStatus.OnCall);
        Emit(CallAnswered, call.Id, new CallAnsweredData(call.Id, agent.Id));
        var talk = Nominal(Exponential(call.Queue.Profile.MeanHandleSeconds));
        call.TalkSeconds = Math.Round(talk.TotalSeconds, 3);
        Schedule(Now + talk, new Step(StepKind.HangUp, call.Queue, call, agent));
    }

    private void HangUp(Call call, Agent agent)
    {
        Emit(CallEnded, call.Id, new CallEndedData(call.Id, CallOutcomes.Completed, call.TalkSeconds));
        SetStatus(agent, AgentStatus.AfterCallWork);
        Schedule(Now + Nominal(call.Queue.Profile.WrapUpSeconds), new Step(StepKind.WrapUpDone, call.Queue, null, agent));
    }

    private void Free(Agent agent)
    {
        SetStatus(agent, AgentStatus.Available);
        var queue = agent.Queue;
        if (queue.Waiting.First is { } longest)
        {
            queue.Waiting.RemoveFirst();
            longest.Value.Waiting = null;
            Connect(agent, longest.Value);
        }
        else
        {
            queue.Idle.Enqueue(agent);
        }
    }

    private void SetStatus(Agent agent, string status) =>
        Emit(AgentStatusChanged, agent.Id, new AgentStatusData(agent.Id, agent.Name, status, [agent.Queue.Profile.Name]));

    private void Emit(string type, string subject, object data) =>
        _out.Add(new SimulatedEvent(_runId + "-in-" + (++_events).ToString(CultureInfo.InvariantCulture), type, subject, Now, data));

    private string UniqueName(HashSet<string> taken)
    {
        var name = FirstNames[_random.Next(FirstNames.Length)] + " " + (char)('A' + _random.Next(26)) + ".";
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = name + " " + n.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private DateTimeOffset Now => _agenda.Clock;

    private void Schedule(DateTimeOffset at, Step step) => _agenda.Schedule(at, step);

    // Whole milliseconds, the precision of the wire's timestamps: every event lies a whole number of milliseconds after
    // the start, so a durationSeconds equals the difference of the serialised times exactly.
    private TimeSpan Nominal(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000 / _speed));

    // A Poisson process of rate λ per hour has exponential inter-arrival times of mean 3600/λ s; faster by the speed factor.
    private TimeSpan Interarrival(QueueProfile profile) => Nominal(Exponential(3600 / profile.CallsPerHour));

    // Inverse transform sampling; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
    private double Exponential(double mean) => -Math.Log(1 - _random.NextDouble()) * mean;

    private enum StepKind
    {
        Arrival,
        PatienceOut,
        HangUp,
        WrapUpDone,
        BreakDone,
    }

    private sealed record Step(StepKind Kind, QueueState Queue, Call? Call, Agent? Agent);

    private sealed class QueueState(QueueProfile profile)
    {
        public QueueProfile Profile { get; } = profile;

        public List<Agent> Agents { get; } = [];

        // Available agents, longest idle first (an agent joins the end when it becomes available).
        public Queue<Agent> Idle { get; } = new();

        // Waiting callers, longest waiting first.
        public LinkedList<Call> Waiting { get; } = new();
    }

    private sealed class Agent(string id, string name, QueueState queue)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public QueueState Queue { get; } = queue;
    }

    private sealed class Call(string id, QueueState queue, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;

        public QueueState Queue { get; } = queue;

        public DateTimeOffset StartedAt { get; } = startedAt;

        // The caller's place in the queue while waiting; null once answered or abandoned.
        public LinkedListNode<Call>? Waiting { get; set; }

        public double TalkSeconds { get; set; }
    }
}
