using System.Globalization;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Simulation;

/// <summary>
/// A pure discrete-event model of one tenant's live-chat centre (<see cref="ChatProfile"/>): Poisson session arrivals per
/// channel, agents handling several sessions at once up to a limit, customer patience, message exchanges with kinds and
/// delivery statuses, resolution and CSAT. No I/O and no clock of its own: the caller passes the time to advance to, so
/// the same seed and the same times give the same events.
/// </summary>
/// <remarks>
/// <para>Per session: <c>chat.session_started {sessionId, channel}</c> and the customer's opening <c>chat.message</c>;
/// after the pick-up delay it queues for a free slot, then <c>chat.session_assigned {sessionId, agentId}</c>, the agent's
/// first reply, a geometric number of customer → agent exchanges, and <c>chat.session_closed {sessionId, resolved}</c> by
/// the agent. A customer still unassigned when the patience runs out leaves: <c>chat.session_closed</c> with
/// <c>resolved: false</c> and no agent. After a handled session's close, a share of customers send
/// <c>csat.submitted {score, sessionId, agentId}</c>.</para>
/// <para>Every agent message gets <c>chat.message_status</c> <c>sent</c> at once, then <c>delivered</c> (and, mostly,
/// <c>read</c>) or <c>failed</c>; customer messages get none (a status is what the customer's app reports back).</para>
/// Not thread-safe: one instance per tenant, driven by one loop.
/// </remarks>
internal sealed class ChatCentreModel : ITrafficModel
{
    // Nominal seconds from an agent message to its delivery receipt, a failure report, and the customer reading it.
    private const double MeanDeliverySeconds = 2;
    private const double MeanFailureSeconds = 5;
    private const double MeanReadSeconds = 20;

    private readonly ChatProfile _profile;
    private readonly double _speed;
    private readonly Random _random;
    private readonly string _runId;
    private readonly List<Agent> _agents;
    private readonly LinkedList<Session> _queue = new();
    private readonly Agenda<Step> _agenda;
    private readonly List<SimulatedEvent> _out = [];
    private long _assignments;
    private long _events;
    private long _sessions;
    private long _messages;

    /// <param name="profile">The chat centre.</param>
    /// <param name="speedFactor">Nominal seconds per wall-clock second, greater than 0.</param>
    /// <param name="random">Source of every random draw (seed it for repeatable traffic).</param>
    /// <param name="runId">Part of event, session and message ids, unique per run so a restart never re-sends an id.</param>
    /// <param name="start">Simulation start (UTC): the first arrivals are drawn from it.</param>
    /// <exception cref="ArgumentException">No channel or agent, a repeated name, or a value out of range.</exception>
    public ChatCentreModel(ChatProfile profile, double speedFactor, Random random, string runId, DateTimeOffset start)
    {
        if (profile.Channels.Count == 0 || profile.Channels.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count() != profile.Channels.Count
            || profile.Channels.Any(c => string.IsNullOrEmpty(c.Key) || !(c.Value > 0)))
        {
            throw new ArgumentException("At least one channel, with distinct non-empty names and positive rates.", nameof(profile));
        }

        if (profile.AgentIds.Count == 0 || profile.AgentIds.Distinct(StringComparer.Ordinal).Count() != profile.AgentIds.Count)
        {
            throw new ArgumentException("At least one agent, with distinct ids.", nameof(profile));
        }

        if (profile.MaxSessionsPerAgent < 1 || !(profile.MeanPickUpSeconds >= 0) || !(profile.MeanFirstReplySeconds > 0) || !(profile.MeanExchanges >= 0)
            || !(profile.MeanReplySeconds > 0) || !(profile.MeanPatienceSeconds > 0)
            || new[] { profile.ResolvedShare, profile.CsatShare, profile.FailedShare, profile.ReadShare }.Any(p => p is not (>= 0 and <= 1)))
        {
            throw new ArgumentException("MaxSessionsPerAgent and the means must be positive (MeanPickUpSeconds and MeanExchanges may be 0); the shares within 0..1.", nameof(profile));
        }

        if (!(speedFactor > 0))
        {
            throw new ArgumentException("The speed factor must be positive.", nameof(speedFactor));
        }

        _profile = profile;
        _speed = speedFactor;
        _random = random;
        _runId = runId;
        _agenda = new Agenda<Step>(start);
        _agents = [.. profile.AgentIds.Select(id => new Agent(id))];
        foreach (var channel in profile.Channels)
        {
            Schedule(start + Interarrival(channel.Value), new Step(StepKind.Arrival, channel.Key, null, null));
        }
    }

    /// <summary>Sessions started and not yet assigned or closed, right now.</summary>
    public int WaitingSessions { get; private set; }

    /// <summary>Sessions assigned and not yet closed, right now.</summary>
    public int ActiveSessions => _agents.Sum(a => a.Sessions);

    /// <summary>Runs the model up to <paramref name="until"/> and returns what happened since the previous call, in time order.</summary>
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        _out.Clear();
        _agenda.RunUntil(until, Run);

        return [.. _out];
    }

    private void Run(Step step)
    {
        var session = step.Session;
        switch (step.Kind)
        {
            case StepKind.Arrival:
                Schedule(Now + Interarrival(_profile.Channels.First(c => c.Key == step.Text).Value), step);
                Arrive(step.Text!);
                break;
            case StepKind.PickUp when !session!.Closed:
                session.Queued = _queue.AddLast(session);
                Route();
                break;
            case StepKind.PatienceOut when session!.Agent is null && !session.Closed:
                if (session.Queued is not null)
                {
                    _queue.Remove(session.Queued);
                    session.Queued = null;
                }

                Close(session, resolved: false);
                break;
            case StepKind.AgentMessage:
                AgentMessage(session!);
                break;
            case StepKind.CustomerMessage:
                Send(session!, "customer", _profile.CustomerKinds);
                Schedule(Now + Nominal(_random.Exponential(_profile.MeanReplySeconds)), step with { Kind = StepKind.AgentMessage });
                break;
            case StepKind.AgentClose:
                var agent = session!.Agent!;
                agent.Sessions--;
                Close(session, _random.NextDouble() < _profile.ResolvedShare);
                if (_random.NextDouble() < _profile.CsatShare)
                {
                    Schedule(Now + Nominal(_random.Exponential(_profile.MeanReplySeconds)), step with { Kind = StepKind.Csat, Text = session.Resolved ? "1" : "0" });
                }

                Route();
                break;
            case StepKind.Status:
                Status(session!, step.Message!, step.Text!);
                break;
            case StepKind.Csat:
                var score = 1 + _random.Pick(step.Text == "1" ? _profile.ResolvedScores : _profile.UnresolvedScores);
                Emit(CsatSubmitted, session!.Id, new CsatSubmittedData(score, session.Id, session.Agent!.Id));
                break;
        }
    }

    private void Arrive(string channel)
    {
        var session = new Session("chat-" + _runId + "-" + (++_sessions).ToString(CultureInfo.InvariantCulture));
        WaitingSessions++;
        Emit(ChatSessionStarted, session.Id, new ChatSessionStartedData(session.Id, channel));
        Send(session, "customer", _profile.CustomerKinds);
        Schedule(Now + Nominal(_random.Exponential(_profile.MeanPickUpSeconds)), new Step(StepKind.PickUp, null, session, null));
        Schedule(Now + Nominal(_random.Exponential(_profile.MeanPatienceSeconds)), new Step(StepKind.PatienceOut, null, session, null));
    }

    // First come, first served, to the agent with the fewest open sessions (longest since an assignment on a tie).
    private void Route()
    {
        while (_queue.First is { } next)
        {
            Agent? agent = null;
            foreach (var candidate in _agents)
            {
                if (candidate.Sessions < _profile.MaxSessionsPerAgent
                    && (agent is null || candidate.Sessions < agent.Sessions || (candidate.Sessions == agent.Sessions && candidate.LastAssigned < agent.LastAssigned)))
                {
                    agent = candidate;
                }
            }

            if (agent is null)
            {
                return;
            }

            _queue.RemoveFirst();
            var session = next.Value;
            session.Queued = null;
            session.Agent = agent;
            agent.Sessions++;
            agent.LastAssigned = ++_assignments;
            WaitingSessions--;
            session.ExchangesLeft = _random.Geometric(_profile.MeanExchanges);
            Emit(ChatSessionAssigned, session.Id, new ChatSessionAssignedData(session.Id, agent.Id));
            Schedule(Now + Nominal(_random.Exponential(_profile.MeanFirstReplySeconds)), new Step(StepKind.AgentMessage, null, session, null));
        }
    }

    private void AgentMessage(Session session)
    {
        var message = Send(session, "agent", _profile.AgentKinds);
        Status(session, message, "sent");
        var kind = session.ExchangesLeft-- > 0 ? StepKind.CustomerMessage : StepKind.AgentClose;
        Schedule(Now + Nominal(_random.Exponential(_profile.MeanReplySeconds)), new Step(kind, null, session, null));
    }

    private void Status(Session session, string messageId, string status)
    {
        Emit(ChatMessageStatus, session.Id, new ChatMessageStatusData(messageId, status));
        switch (status)
        {
            case "sent" when _random.NextDouble() < _profile.FailedShare:
                Schedule(Now + Nominal(_random.Exponential(MeanFailureSeconds)), new Step(StepKind.Status, "failed", session, messageId));
                break;
            case "sent":
                Schedule(Now + Nominal(_random.Exponential(MeanDeliverySeconds)), new Step(StepKind.Status, "delivered", session, messageId));
                break;
            case "delivered" when _random.NextDouble() < _profile.ReadShare:
                Schedule(Now + Nominal(_random.Exponential(MeanReadSeconds)), new Step(StepKind.Status, "read", session, messageId));
                break;
        }
    }

    private string Send(Session session, string sender, IReadOnlyList<(string Kind, double Weight)> kinds)
    {
        var id = "msg-" + _runId + "-" + (++_messages).ToString(CultureInfo.InvariantCulture);
        Emit(ChatMessage, session.Id, new ChatMessageData(session.Id, id, kinds[_random.Pick([.. kinds.Select(k => k.Weight)])].Kind, sender));
        return id;
    }

    private void Close(Session session, bool resolved)
    {
        if (session.Agent is null)
        {
            WaitingSessions--;
        }

        session.Closed = true;
        session.Resolved = resolved;
        Emit(ChatSessionClosed, session.Id, new ChatSessionClosedData(session.Id, resolved));
    }

    private void Emit(string type, string subject, object data) =>
        _out.Add(new SimulatedEvent(_runId + "-chat-" + (++_events).ToString(CultureInfo.InvariantCulture), type, subject, Now, data));

    private DateTimeOffset Now => _agenda.Clock;

    private void Schedule(DateTimeOffset at, Step step) => _agenda.Schedule(at, step);

    // Whole milliseconds, the precision of the wire's timestamps.
    private TimeSpan Nominal(double seconds) => TimeSpan.FromMilliseconds(Math.Round(seconds * 1000 / _speed));

    // A Poisson process of rate λ per hour has exponential inter-arrival times of mean 3600/λ s.
    private TimeSpan Interarrival(double perHour) => Nominal(_random.Exponential(3600 / perHour));

    private enum StepKind
    {
        Arrival,
        PickUp,
        PatienceOut,
        AgentMessage,
        CustomerMessage,
        AgentClose,
        Status,
        Csat,
    }

    // Text: the channel of an arrival, the status of a status step, "1"/"0" (resolved) of a CSAT step.
    private sealed record Step(StepKind Kind, string? Text, Session? Session, string? Message);

    private sealed class Agent(string id)
    {
        public string Id { get; } = id;

        public int Sessions { get; set; }

        public long LastAssigned { get; set; }
    }

    private sealed class Session(string id)
    {
        public string Id { get; } = id;

        public Agent? Agent { get; set; }

        // The session's place in the assignment queue, after pick-up and until assigned or abandoned.
        public LinkedListNode<Session>? Queued { get; set; }

        public int ExchangesLeft { get; set; }

        public bool Closed { get; set; }

        public bool Resolved { get; set; }
    }
}
