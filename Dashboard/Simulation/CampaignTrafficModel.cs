using System.Globalization;
using static Dashboard.Catalogue.CallOutcomes;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Simulation;

/// <summary>
/// A pure discrete-event model of one tenant's outbound dialer: campaigns with dial queues, Poisson call arrivals, call
/// outcomes drawn from <see cref="TrafficProfile"/>, log-normal talk times. No I/O and no clock of its own: the caller
/// passes the time to advance to, so the same seed and the same times give the same events.
/// </summary>
/// <remarks>Not thread-safe: one instance per tenant, driven by one loop.</remarks>
internal sealed class CampaignTrafficModel : ITrafficModel
{
    private static readonly string[] CampaignNames =
    [
        "Spring Renewals", "Win-back Offers", "Customer Survey", "Solar Leads",
        "Policy Cross-sell", "Donor Outreach", "Appointment Reminders", "Loyalty Upgrade",
    ];

    private static readonly string[] AreaCodes = ["202", "312", "415", "617", "718", "305", "512"];

    private const int Agents = 16;

    private readonly TrafficProfile _profile;
    private readonly Random _random;
    private readonly string _runId;
    private readonly List<SimulatedCampaign> _campaigns = [];
    private readonly Agenda<Step> _agenda;
    private long _events;
    private long _calls;
    private bool _announced;

    /// <param name="profile">Traffic shape.</param>
    /// <param name="random">Source of every random draw (seed it for repeatable traffic).</param>
    /// <param name="runId">Prefix of event and call ids, unique per run so a restart never re-sends an id.</param>
    /// <param name="start">Simulation start (UTC).</param>
    /// <exception cref="ArgumentException">The attempt probabilities do not add up to 1, or the profile is out of range.</exception>
    public CampaignTrafficModel(TrafficProfile profile, Random random, string runId, DateTimeOffset start)
    {
        var sum = profile.Answered + profile.Busy + profile.NoAnswer + profile.Failed;
        if (Math.Abs(sum - 1) > 1e-9 || profile.ConvertedWhenAnswered + profile.OptedOutWhenAnswered > 1)
        {
            throw new ArgumentException("Answered + Busy + NoAnswer + Failed must be 1, and ConvertedWhenAnswered + OptedOutWhenAnswered at most 1.", nameof(profile));
        }

        if (profile.Campaigns < 1 || profile.CallsPerSecond <= 0 || profile.SpeedFactor <= 0 || profile.QueueSize.Min < 1 || profile.QueueSize.Max < profile.QueueSize.Min)
        {
            throw new ArgumentException("Campaigns, CallsPerSecond, SpeedFactor and QueueSize must be positive.", nameof(profile));
        }

        _profile = profile;
        _random = random;
        _runId = runId;
        _agenda = new Agenda<Step>(start);
        var firstName = random.Next(CampaignNames.Length);
        for (var i = 0; i < profile.Campaigns; i++)
        {
            var name = CampaignNames[(firstName + i) % CampaignNames.Length];
            var campaign = new SimulatedCampaign(
                "cmp-" + (i + 1).ToString(CultureInfo.InvariantCulture),
                i < CampaignNames.Length ? name : $"{name} {i / CampaignNames.Length + 1}",
                "+1800555" + (100 + i).ToString("0000", CultureInfo.InvariantCulture))
            {
                QueueDepth = random.Next(profile.QueueSize.Min, profile.QueueSize.Max + 1),
            };
            _campaigns.Add(campaign);
        }

        Schedule(start + Exponential(profile.CallsPerSecond), new Step(StepKind.Arrival, null, null));
    }

    /// <summary>The campaigns, in id order.</summary>
    public IReadOnlyList<SimulatedCampaign> Campaigns => _campaigns;

    /// <summary>Calls started and not yet ended.</summary>
    public int ActiveCalls { get; private set; }

    /// <summary>
    /// Runs the model up to <paramref name="until"/> and returns what happened since the previous call, ordered by time.
    /// The first call also announces every campaign. Changes of a campaign's queue depth are coalesced into one
    /// <c>campaign.updated</c> per call (stamped with the last change); status changes are reported when they happen.
    /// </summary>
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        var events = new List<SimulatedEvent>();
        if (!_announced)
        {
            _announced = true;
            foreach (var campaign in _campaigns)
            {
                events.Add(CampaignChanged(campaign, Now));
            }
        }

        _agenda.RunUntil(until, step => Run(step, events));

        foreach (var campaign in _campaigns)
        {
            if (campaign.ChangedAt is { } changedAt)
            {
                events.Add(CampaignChanged(campaign, changedAt));
            }
        }

        // Stable: events of the same instant keep the order they happened in.
        return [.. events.OrderBy(e => e.Time)];
    }

    private void Run(Step step, List<SimulatedEvent> events)
    {
        switch (step.Kind)
        {
            case StepKind.Arrival:
                Schedule(Now + Exponential(_profile.CallsPerSecond), step);
                PlaceCall(events);
                break;
            case StepKind.Answer:
                Answer(step.Call!, events);
                break;
            case StepKind.End:
                ActiveCalls--;
                events.Add(Event(CallEnded, step.Call!.Id, new CallEndedData(step.Call.Id, step.Call.Outcome, step.Call.TalkSeconds)));
                break;
            case StepKind.Refill:
                step.Campaign!.QueueDepth = _random.Next(_profile.QueueSize.Min, _profile.QueueSize.Max + 1);
                step.Campaign.Status = "active";
                events.Add(CampaignChanged(step.Campaign, Now));
                break;
        }
    }

    private void PlaceCall(List<SimulatedEvent> events)
    {
        var dialing = _campaigns.Where(c => c.QueueDepth > 0).ToList();
        if (dialing.Count == 0)
        {
            return;
        }

        var campaign = dialing[_random.Next(dialing.Count)];
        campaign.QueueDepth--;
        campaign.ChangedAt = Now;
        var call = new Call("call-" + _runId + "-" + (++_calls).ToString(CultureInfo.InvariantCulture));
        ActiveCalls++;
        var to = "+1" + AreaCodes[_random.Next(AreaCodes.Length)] + "55501" + _random.Next(100).ToString("00", CultureInfo.InvariantCulture);
        events.Add(Event(CallStarted, call.Id, new CallStartedData(call.Id, "outbound", campaign.Id, campaign.CallerId, to)));

        // Ring times (nominal seconds): a busy signal or a network failure comes back at once; an unanswered call rings
        // until the dialer's ~30 s no-answer timeout.
        var u = _random.NextDouble();
        if (u < _profile.Answered)
        {
            Schedule(Now + Nominal(_random.Uniform(3, 12)), new Step(StepKind.Answer, call, null));
        }
        else
        {
            (call.Outcome, var ring) = u < _profile.Answered + _profile.Busy ? (Busy, _random.Uniform(1, 4))
                : u < _profile.Answered + _profile.Busy + _profile.NoAnswer ? (NoAnswer, _random.Uniform(25, 35))
                : (Failed, _random.Uniform(0.2, 2));
            Schedule(Now + Nominal(ring), new Step(StepKind.End, call, null));
        }

        if (campaign.QueueDepth == 0)
        {
            campaign.Status = "completed";
            events.Add(CampaignChanged(campaign, Now));
            var wait = _random.Uniform(_profile.RefillAfterSeconds.Min, _profile.RefillAfterSeconds.Max);
            Schedule(Now + TimeSpan.FromSeconds(wait), new Step(StepKind.Refill, null, campaign));
        }
    }

    private void Answer(Call call, List<SimulatedEvent> events)
    {
        var agent = "agent-" + (_random.Next(Agents) + 1).ToString("00", CultureInfo.InvariantCulture);
        events.Add(Event(CallAnswered, call.Id, new CallAnsweredData(call.Id, agent)));

        var talk = Nominal(_profile.MedianTalkSeconds * Math.Exp(_profile.TalkSigma * StandardNormal()));
        var v = _random.NextDouble();
        call.Outcome = v < _profile.ConvertedWhenAnswered ? Converted
            : v < _profile.ConvertedWhenAnswered + _profile.OptedOutWhenAnswered ? OptedOut
            : Completed;
        call.TalkSeconds = Math.Round(talk.TotalSeconds, 3);
        Schedule(Now + TimeSpan.FromSeconds(call.TalkSeconds), new Step(StepKind.End, call, null));
    }

    private SimulatedEvent CampaignChanged(SimulatedCampaign campaign, DateTimeOffset at)
    {
        campaign.ChangedAt = null;
        return Event(CampaignUpdated, campaign.Id, new CampaignUpdatedData(campaign.Id, campaign.Name, campaign.Status, campaign.QueueDepth), at);
    }

    private SimulatedEvent Event(string type, string subject, object data, DateTimeOffset? at = null) =>
        new(_runId + "-" + (++_events).ToString(CultureInfo.InvariantCulture), type, subject, at ?? Now, data);

    private DateTimeOffset Now => _agenda.Clock;

    private void Schedule(DateTimeOffset at, Step step) => _agenda.Schedule(at, step);

    private TimeSpan Nominal(double seconds) => TimeSpan.FromSeconds(seconds / _profile.SpeedFactor);

    // Inter-arrival times of a Poisson process with rate λ are exponential with mean 1/λ (inverse transform sampling).
    private TimeSpan Exponential(double ratePerSecond) => TimeSpan.FromSeconds(-Math.Log(1 - _random.NextDouble()) / ratePerSecond);

    // Box–Muller transform; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
    private double StandardNormal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private enum StepKind
    {
        Arrival,
        Answer,
        End,
        Refill,
    }

    private sealed record Step(StepKind Kind, Call? Call, SimulatedCampaign? Campaign);

    private sealed class Call(string id)
    {
        public string Id { get; } = id;

        public string Outcome { get; set; } = Completed;

        public double TalkSeconds { get; set; }
    }
}
