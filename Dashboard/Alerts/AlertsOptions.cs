namespace Dashboard.Alerts;

/// <summary>
/// Configuration section <c>Alerts</c>: alert rules from configuration and the evaluator's settings (docs/alerts.md,
/// docs/limits.md).
/// </summary>
public sealed class AlertsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Alerts";

    /// <summary>Seconds between evaluations (<c>Alerts:EvaluateSeconds</c>, 1..60, default 1): a clustered recurring job.</summary>
    public int EvaluateSeconds { get; set; } = 1;

    /// <summary>
    /// A snapshot the tick republishes every second (a queue with callers waiting) older than this is no data
    /// (<c>Alerts:MaxSnapshotAgeSeconds</c>, 5..3600, default 30): a stopped tick or a node cut off from the backplane must
    /// not keep an alert on an old figure. Other snapshots are republished only when they change, so their age says
    /// nothing; a node whose backplane listener is reconnecting has no data at all (docs/alerts.md, "Freshness").
    /// </summary>
    public int MaxSnapshotAgeSeconds { get; set; } = 30;

    /// <summary>Most rules per tenant, configured and created over REST together (<c>Alerts:MaxRulesPerTenant</c>, 1..10000, default 200).</summary>
    public int MaxRulesPerTenant { get; set; } = 200;

    /// <summary>
    /// Most label sets (alert instances) one rule evaluates (<c>Alerts:MaxInstancesPerRule</c>, 1..10000, default 100); the
    /// first by label key are kept, and the rule's instances beyond it are reported in the log.
    /// </summary>
    public int MaxInstancesPerRule { get; set; } = 100;

    /// <summary>Rules from configuration (<c>Alerts:Rules:{i}:…</c>), synced into the store at start; read-only over REST.</summary>
    public List<AlertRuleOptions> Rules { get; set; } = [];
}

/// <summary>
/// One configured rule (<c>Alerts:Rules:{i}</c>); the fields of <see cref="AlertRule"/> plus the tenant. Null numbers are
/// absent keys.
/// </summary>
public sealed class AlertRuleOptions
{
    /// <summary><c>Alerts:Rules:{i}:Tenant</c>: the tenant the rule belongs to (required).</summary>
    public string? Tenant { get; set; }

    /// <summary><c>Alerts:Rules:{i}:Id</c>: unique per tenant (required).</summary>
    public string? Id { get; set; }

    /// <summary><c>Alerts:Rules:{i}:Name</c> (required).</summary>
    public string? Name { get; set; }

    /// <summary><c>Alerts:Rules:{i}:Metric</c>: a metric reference, optionally with an inline selector <c>{queue=support}</c>.</summary>
    public string? Metric { get; set; }

    /// <summary><c>Alerts:Rules:{i}:Labels:{label}</c>: the label selector.</summary>
    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    /// <summary><c>Alerts:Rules:{i}:Direction</c>: <c>above</c> (default) or <c>below</c>.</summary>
    public string Direction { get; set; } = "above";

    /// <summary><c>Alerts:Rules:{i}:Warning</c>.</summary>
    public double? Warning { get; set; }

    /// <summary><c>Alerts:Rules:{i}:Critical</c>.</summary>
    public double? Critical { get; set; }

    /// <summary><c>Alerts:Rules:{i}:WarningRecovery</c>.</summary>
    public double? WarningRecovery { get; set; }

    /// <summary><c>Alerts:Rules:{i}:CriticalRecovery</c>.</summary>
    public double? CriticalRecovery { get; set; }

    /// <summary><c>Alerts:Rules:{i}:ForSeconds</c> (default 0).</summary>
    public int ForSeconds { get; set; }

    /// <summary><c>Alerts:Rules:{i}:KeepFiringForSeconds</c> (default 0).</summary>
    public int KeepFiringForSeconds { get; set; }

    /// <summary><c>Alerts:Rules:{i}:NoData</c>: <c>ok</c>, <c>alerting</c> or <c>keep</c> (default).</summary>
    public string NoData { get; set; } = "keep";
}
