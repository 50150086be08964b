using System.Globalization;

namespace Dashboard.Simulation;

/// <summary>
/// A pure model of one tenant's custom KPI producers (<see cref="KpiProducerProfile"/>), each reporting every
/// <see cref="KpiProducerProfile.ReportSeconds"/> through <c>metric.reported</c> (docs/events.md §5):
/// <list type="bullet">
/// <item><c>social_mentions</c>, a counter per <c>network</c> (x, linkedin, instagram, facebook): the mentions since its
/// previous report, Poisson with the network's share of <see cref="KpiProducerProfile.MentionsPerMinute"/>;</item>
/// <item><c>leads</c>, a gauge per <c>region</c> (emea, amer, apac): the open leads now, a random walk pulled back towards
/// <see cref="KpiProducerProfile.LeadsPerRegion"/>, never below 0;</item>
/// <item><c>ai_agent_conversations</c>, a counter per <c>bot</c> (support-bot, sales-bot) and <c>channel</c> (web,
/// whatsapp): conversations started since its previous report.</item>
/// </list>
/// No I/O and no clock of its own: the same seed and the same times give the same events. Not thread-safe.
/// </summary>
internal sealed class KpiProducerModel : ITrafficModel
{
    /// <summary>Series name of the mentions counter.</summary>
    public const string Mentions = "social_mentions";

    /// <summary>Series name of the leads gauge.</summary>
    public const string Leads = "leads";

    /// <summary>Series name of the conversations counter.</summary>
    public const string Conversations = "ai_agent_conversations";

    /// <summary>The CloudEvents type every report has (docs/events.md §5).</summary>
    public const string MetricReported = "metric.reported";

    private static readonly (string Network, double Share)[] Networks = [("x", 0.4), ("linkedin", 0.25), ("instagram", 0.2), ("facebook", 0.15)];
    private static readonly string[] Regions = ["emea", "amer", "apac"];
    private static readonly (string Bot, string Channel, double Share)[] Bots =
        [("support-bot", "web", 0.45), ("support-bot", "whatsapp", 0.3), ("sales-bot", "web", 0.2), ("sales-bot", "whatsapp", 0.05)];

    private readonly KpiProducerProfile _profile;
    private readonly Random _random;
    private readonly string _runId;
    private readonly Agenda<int> _agenda;
    private readonly List<SimulatedEvent> _out = [];
    private readonly double[] _leads;
    private long _events;

    /// <param name="profile">The producers.</param>
    /// <param name="random">Source of every random draw (seed it for repeatable traffic).</param>
    /// <param name="runId">Part of event ids, unique per run so a restart never re-sends an id.</param>
    /// <param name="start">The first reports are due one interval after it (UTC).</param>
    /// <exception cref="ArgumentException">A rate or level below 0, or an interval that is not positive.</exception>
    public KpiProducerModel(KpiProducerProfile profile, Random random, string runId, DateTimeOffset start)
    {
        if (!(profile.ReportSeconds > 0) || !(profile.MentionsPerMinute >= 0) || !(profile.LeadsPerRegion >= 0) || !(profile.ConversationsPerMinute >= 0))
        {
            throw new ArgumentException("The interval must be positive; the rates and the leads level at least 0.", nameof(profile));
        }

        _profile = profile;
        _random = random;
        _runId = runId;
        _agenda = new Agenda<int>(start);
        _leads = [.. Regions.Select(_ => profile.LeadsPerRegion)];
        _agenda.Schedule(start + Interval, 0);
    }

    /// <summary>The series every tenant's producers report (4 + 3 + 4), within any sane <c>Kpis:MaxSeriesPerTenant</c>.</summary>
    public static int SeriesCount => Networks.Length + Regions.Length + Bots.Length;

    /// <inheritdoc />
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        _out.Clear();
        _agenda.RunUntil(until, Report);
        return [.. _out];
    }

    private TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(_profile.ReportSeconds * 1000)));

    private void Report(int round)
    {
        _agenda.Schedule(_agenda.Clock + Interval, round + 1);
        var minutes = _profile.ReportSeconds / 60;
        foreach (var (network, share) in Networks)
        {
            Emit(Mentions, "counter", Poisson(_profile.MentionsPerMinute * share * minutes), ("network", network));
        }

        for (var i = 0; i < Regions.Length; i++)
        {
            // A mean-reverting walk: leads come in and get worked, the pipeline stays around its level.
            var level = _profile.LeadsPerRegion;
            var step = Math.Round(((level - _leads[i]) * 0.1) + _random.Uniform(-1, 1) * Math.Max(1, Math.Sqrt(level) * 0.5));
            _leads[i] = Math.Max(0, _leads[i] + step);
            Emit(Leads, "gauge", _leads[i], ("region", Regions[i]));
        }

        foreach (var (bot, channel, share) in Bots)
        {
            Emit(Conversations, "counter", Poisson(_profile.ConversationsPerMinute * share * minutes), ("bot", bot), ("channel", channel));
        }
    }

    // Knuth's method for small means, a rounded normal approximation for large ones (never below 0).
    private int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            var u = 1 - _random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return (int)Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * normal)));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }

        return k;
    }

    private void Emit(string name, string kind, double value, params (string Name, string Value)[] labels)
    {
        var id = _runId + "-kpi-" + (++_events).ToString(CultureInfo.InvariantCulture);
        _out.Add(new SimulatedEvent(id, MetricReported, name, _agenda.Clock,
            new MetricReportedData(name, value, kind, labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal))));
    }
}
