using Dashboard.Observability;
using Npgsql;
using Prometheus;

namespace Dashboard.Alerts.Evaluation;

/// <summary>
/// <c>dashboard_alerts{tenant,rule,severity,state}</c> (docs/alert-states.md, "Prometheus"): the number of instances of each
/// rule per severity and state, every state listed (0 included) for each severity the rule has, so at most 8 series per
/// rule. Read at scrape time from PostgreSQL, where the state lives, so every node exports the same values whichever node
/// evaluates; one read per <see cref="CacheFor"/> however many scrapes, bounded by <see cref="ReadTimeout"/> (past it, or
/// when the read fails, the family is left empty rather than showing old values as current).
/// </summary>
internal sealed partial class AlertGauges : IScrapeSource
{
    /// <summary>How long one read serves scrapes.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    /// <summary>Longest a scrape waits for the read.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private const string Sql = """
        SELECT r.tenant, r.id, s.severity, st.state, count(i.id)
        FROM alert_rules r
        CROSS JOIN (VALUES ('warning'), ('critical')) s(severity)
        CROSS JOIN (VALUES ('normal'), ('pending'), ('firing'), ('recovering')) st(state)
        LEFT JOIN alert_instances i ON i.tenant = r.tenant AND i.rule_id = r.id
            AND (CASE s.severity WHEN 'warning' THEN i.warning_state ELSE i.critical_state END) = st.state
        WHERE (s.severity = 'warning' AND r.warning IS NOT NULL) OR (s.severity = 'critical' AND r.critical IS NOT NULL)
        GROUP BY 1, 2, 3, 4
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertGauges> _logger;
    private readonly Gauge _gauge;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<(string, string, string, string)> _exported = [];
    private long? _readAt;

    /// <summary>Creates the family in <paramref name="registry"/> and refreshes it before each collection.</summary>
    public AlertGauges(CollectorRegistry registry, NpgsqlDataSource dataSource, TimeProvider time, ILogger<AlertGauges> logger)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        _gauge = MetricsRegistry.Factory(registry).CreateGauge(
            "dashboard_alerts",
            "Alert instances of the rule per severity and state (normal, pending, firing, recovering), from the stored alert state.",
            "tenant", "rule", "severity", "state");
        registry.AddBeforeCollectCallback(RefreshAsync);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_readAt is { } at && _time.GetElapsedTime(at) < CacheFor)
            {
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadTimeout);
            var current = new HashSet<(string, string, string, string)>();
            try
            {
                await using var command = _dataSource.CreateCommand(Sql);
                await using var reader = await command.ExecuteReaderAsync(timeout.Token);
                while (await reader.ReadAsync(timeout.Token))
                {
                    var labels = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                    _gauge.WithLabels(labels.Item1, labels.Item2, labels.Item3, labels.Item4).Set(reader.GetInt64(4));
                    current.Add(labels);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogReadFailed(ex);
                current.Clear();
            }

            foreach (var gone in _exported.Where(e => !current.Contains(e)))
            {
                _gauge.RemoveLabelled(gone.Item1, gone.Item2, gone.Item3, gone.Item4);
            }

            _exported = current;
            _readAt = _time.GetTimestamp();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "dashboard_alerts could not be read from the database; the scrape has no alert series")]
    private partial void LogReadFailed(Exception ex);
}
