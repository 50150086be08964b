using System.Globalization;
using static Dashboard.Catalogue.EventTypes;

namespace Dashboard.Simulation;

/// <summary>
/// A pure discrete-event model of one tenant's online shop selling content (<see cref="ShopProfile"/>): sessions arriving
/// along a daily traffic curve in the tenant's time zone, users browsing and viewing content, checkouts paid in several
/// currencies, payments that complete or fail, a few refunds, and payment webhooks that sometimes arrive late. No I/O and
/// no clock of its own: the caller passes the time to advance to, so the same seed and the same times give the same events.
/// </summary>
/// <remarks>
/// <para>Per session: <c>user.active {userId}</c> at once and every 30–60 s while browsing, <c>content.viewed {contentId,
/// userId}</c> on arrival and then every exponential <see cref="ShopProfile.MeanViewSeconds"/>, until the session ends
/// (exponential length). A share of sessions then check out the last item viewed (quantity 1, sometimes more):
/// <c>transaction.updated {transactionId, amount, currency, status: "pending"}</c>, and after the payment time
/// <c>completed</c> with <c>content.purchased {contentId, amount, currency}</c> at the same instant, or <c>failed</c>. A
/// share of completed transactions is <c>refunded</c> minutes later (same amount and currency). Amounts are the item's
/// price (the same figures in every currency: 0.99 to 49.99) times the quantity, rounded to the currency's minor unit.</para>
/// <para>A share of <c>transaction.updated</c> events is delivered late, with the time it happened: so a <c>pending</c>
/// can arrive after the <c>completed</c> that followed it, as payment webhooks do. <see cref="Advance"/> returns events
/// in delivery order, which is time order except for those late ones.</para>
/// Not thread-safe: one instance per tenant, driven by one loop.
/// </remarks>
internal sealed class ShopModel : ITrafficModel
{
    // Heartbeat spacing while browsing, nominal seconds (uniform), and how late a late webhook is.
    private const double MinHeartbeatSeconds = 30;
    private const double MaxHeartbeatSeconds = 60;
    private const double MinLateSeconds = 5;
    private const double MaxLateSeconds = 45;
    private const double RefundNotBeforeSeconds = 120;

    // Price points of a content shop (e-books, courses, videos) and how often each is the item's price.
    private static readonly decimal[] Prices = [0.99m, 1.99m, 2.99m, 4.99m, 7.99m, 9.99m, 14.99m, 19.99m, 29.99m, 49.99m];
    private static readonly double[] PriceWeights = [4, 6, 8, 10, 8, 8, 6, 4, 3, 2];

    private readonly ShopProfile _profile;
    private readonly double _speed;
    private readonly Random _random;
    private readonly string _runId;
    private readonly Agenda<Step> _agenda;
    private readonly List<SimulatedEvent> _out = [];
    private readonly decimal[] _itemPrices;
    private readonly double[] _popularity; // cumulative Zipf weights of the items, content-0001 the most viewed
    private readonly double[] _currencyWeights;
    private long _events;
    private long _transactions;

    /// <param name="profile">The shop.</param>
    /// <param name="speedFactor">Nominal seconds per wall-clock second, greater than 0.</param>
    /// <param name="random">Source of every random draw (seed it for repeatable traffic).</param>
    /// <param name="runId">Part of event and transaction ids, unique per run so a restart never re-sends an id.</param>
    /// <param name="start">Simulation start (UTC): the first arrivals are drawn from it.</param>
    /// <exception cref="ArgumentException">No currency, a repeated code, or a value out of range.</exception>
    public ShopModel(ShopProfile profile, double speedFactor, Random random, string runId, DateTimeOffset start)
    {
        var currencies = profile.Currencies;
        if (currencies.Count == 0 || currencies.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != currencies.Count
            || currencies.Any(c => c.Code is not { Length: 3 } || !c.Code.All(char.IsAsciiLetterUpper) || !(c.Weight > 0) || c.MinorDigits is < 0 or > 4))
        {
            throw new ArgumentException("At least one currency, with distinct three-letter upper-case codes, positive weights and 0 to 4 minor digits.", nameof(profile));
        }

        if (profile.HourlyShape.Count != 24 || profile.HourlyShape.Any(s => s is not (>= 0 and <= 1)) || !profile.HourlyShape.Any(s => s > 0))
        {
            throw new ArgumentException("The hourly shape needs 24 values within 0..1, at least one positive.", nameof(profile));
        }

        if (!(profile.SessionsPerMinuteAtPeak > 0) || profile.Users < 1 || profile.ContentItems < 1 || !(profile.MeanSessionSeconds > 0)
            || !(profile.MeanViewSeconds > 0) || !(profile.MeanPaymentSeconds > 0) || !(profile.MeanRefundSeconds > 0)
            || new[] { profile.PurchaseShare, profile.FailedShare, profile.RefundShare, profile.LateShare }.Any(p => p is not (>= 0 and <= 1)))
        {
            throw new ArgumentException("The rate, the counts and the means must be positive; the shares within 0..1.", nameof(profile));
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
        _currencyWeights = [.. currencies.Select(c => c.Weight)];
        _itemPrices = new decimal[profile.ContentItems];
        _popularity = new double[profile.ContentItems];
        for (var i = 0; i < profile.ContentItems; i++)
        {
            _itemPrices[i] = Prices[random.Pick(PriceWeights)];
            // Zipf-like (exponent 0.8): the head of the catalogue gets most views, the long tail some.
            _popularity[i] = (i == 0 ? 0 : _popularity[i - 1]) + (1 / Math.Pow(i + 1, 0.8));
        }

        _agenda.Schedule(start + Candidate(), new Step(StepKind.Arrival, null, null, null));
    }

    /// <summary>Sessions started so far (arrivals that passed the daily curve).</summary>
    public long SessionsStarted { get; private set; }

    /// <summary>Sessions browsing right now (started and not yet ended).</summary>
    public int ActiveSessions { get; private set; }

    /// <summary>
    /// Runs the model up to <paramref name="until"/> and returns what was delivered since the previous call: in time order,
    /// except that a late <c>transaction.updated</c> comes when it is delivered, carrying the earlier time it happened.
    /// </summary>
    public IReadOnlyList<SimulatedEvent> Advance(DateTimeOffset until)
    {
        _out.Clear();
        _agenda.RunUntil(until, Run);
        return [.. _out];
    }

    private DateTimeOffset Now => _agenda.Clock;

    private void Run(Step step)
    {
        var session = step.Session;
        switch (step.Kind)
        {
            case StepKind.Arrival:
                _agenda.Schedule(Now + Candidate(), step);
                // Thinning: candidates come at the peak rate and each stays with the curve's share of it, which gives a
                // Poisson process whose rate follows the curve exactly.
                if (_random.NextDouble() < _profile.ShapeAt(Now))
                {
                    Arrive();
                }

                break;
            case StepKind.Heartbeat when Now < session!.Ends:
                Emit(UserActive, session.UserId, new UserActiveData(session.UserId));
                _agenda.Schedule(Now + Later(_random.Uniform(MinHeartbeatSeconds, MaxHeartbeatSeconds)), step);
                break;
            case StepKind.View when Now < session!.Ends:
                View(session);
                _agenda.Schedule(Now + Later(_random.Exponential(_profile.MeanViewSeconds)), step);
                break;
            case StepKind.Leave:
                ActiveSessions--;
                if (_random.NextDouble() < _profile.PurchaseShare)
                {
                    Checkout(session!);
                }

                break;
            case StepKind.Payment when _random.NextDouble() < _profile.FailedShare:
                Update(step.Transaction!, "failed");
                break;
            case StepKind.Payment:
                var paid = step.Transaction!;
                Update(paid, "completed");
                Emit(ContentPurchased, paid.ContentId, new ContentPurchasedData(paid.ContentId, paid.Amount, paid.Currency));
                if (_random.NextDouble() < _profile.RefundShare)
                {
                    var after = RefundNotBeforeSeconds + _random.Exponential(_profile.MeanRefundSeconds);
                    _agenda.Schedule(Now + Later(after), step with { Kind = StepKind.Refund });
                }

                break;
            case StepKind.Refund:
                Update(step.Transaction!, "refunded");
                break;
            case StepKind.Deliver:
                _out.Add(step.Late!);
                break;
        }
    }

    private void Arrive()
    {
        SessionsStarted++;
        ActiveSessions++;
        var user = "user-" + (1 + _random.Next(_profile.Users)).ToString("000000", CultureInfo.InvariantCulture);
        var session = new Session(user, Now + Later(_random.Exponential(_profile.MeanSessionSeconds)));
        Emit(UserActive, user, new UserActiveData(user));
        View(session);
        var heartbeat = new Step(StepKind.Heartbeat, session, null, null);
        _agenda.Schedule(Now + Later(_random.Uniform(MinHeartbeatSeconds, MaxHeartbeatSeconds)), heartbeat);
        _agenda.Schedule(Now + Later(_random.Exponential(_profile.MeanViewSeconds)), heartbeat with { Kind = StepKind.View });
        _agenda.Schedule(session.Ends, heartbeat with { Kind = StepKind.Leave });
    }

    private void View(Session session)
    {
        var draw = _random.NextDouble() * _popularity[^1];
        var index = Array.BinarySearch(_popularity, draw);
        session.LastItem = Math.Min(index < 0 ? ~index : index, _popularity.Length - 1);
        var content = ContentId(session.LastItem);
        Emit(ContentViewed, content, new ContentViewedData(content, session.UserId));
    }

    private void Checkout(Session session)
    {
        var currency = _profile.Currencies[_random.Pick(_currencyWeights)];
        var quantity = 1 + _random.Geometric(0.25);
        var amount = Math.Round(_itemPrices[session.LastItem] * quantity, currency.MinorDigits, MidpointRounding.AwayFromZero);
        var transaction = new Transaction(
            "txn-" + _runId + "-" + (++_transactions).ToString(CultureInfo.InvariantCulture), ContentId(session.LastItem), amount, currency.Code);
        Update(transaction, "pending");
        _agenda.Schedule(Now + Later(_random.Exponential(_profile.MeanPaymentSeconds)), new Step(StepKind.Payment, session, transaction, null));
    }

    // A payment provider's webhook: usually delivered at once, sometimes seconds late with the time it happened.
    private void Update(Transaction transaction, string status)
    {
        var e = Event(TransactionUpdated, transaction.Id, new TransactionUpdatedData(transaction.Id, transaction.Amount, transaction.Currency, status));
        if (_random.NextDouble() < _profile.LateShare)
        {
            var late = _random.Uniform(MinLateSeconds, MaxLateSeconds);
            _agenda.Schedule(Now + Later(late), new Step(StepKind.Deliver, null, null, e));
        }
        else
        {
            _out.Add(e);
        }
    }

    private static string ContentId(int index) => "content-" + (index + 1).ToString("0000", CultureInfo.InvariantCulture);

    private void Emit(string type, string subject, object data) => _out.Add(Event(type, subject, data));

    private SimulatedEvent Event(string type, string subject, object data) =>
        new(_runId + "-shop-" + (++_events).ToString(CultureInfo.InvariantCulture), type, subject, Now, data);

    // Whole milliseconds, the precision of the wire's timestamps, and at least one, so a status that follows another is
    // strictly newer by event time (the order the server's merge goes by, docs/events.md §4).
    private TimeSpan Later(double seconds) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(seconds * 1000 / _speed)));

    // Candidate arrivals at the peak rate (per nominal minute, faster by the speed factor).
    private TimeSpan Candidate() => Later(_random.Exponential(60 / _profile.SessionsPerMinuteAtPeak));

    private enum StepKind
    {
        Arrival,
        Heartbeat,
        View,
        Leave,
        Payment,
        Refund,
        Deliver,
    }

    // Late: the event a Deliver step hands over.
    private sealed record Step(StepKind Kind, Session? Session, Transaction? Transaction, SimulatedEvent? Late);

    private sealed class Session(string userId, DateTimeOffset ends)
    {
        public string UserId { get; } = userId;

        public DateTimeOffset Ends { get; } = ends;

        public int LastItem { get; set; }
    }

    private sealed record Transaction(string Id, string ContentId, decimal Amount, string Currency);
}
