using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// The real app with one configured rule (tenant <see cref="ConfigTenant"/>, id <see cref="ConfigRuleId"/>, its metric
/// with an inline selector) and at most <see cref="MaxRules"/> rules per tenant.
/// </summary>
public sealed class AlertRulesServer() : ConfiguredServer(new()
{
    ["Alerts:MaxRulesPerTenant"] = "3",
    ["Alerts:Rules:0:Tenant"] = ConfigTenant,
    ["Alerts:Rules:0:Id"] = ConfigRuleId,
    ["Alerts:Rules:0:Name"] = "Support longest wait",
    ["Alerts:Rules:0:Metric"] = "queue.longestWaitSeconds{queue=support}",
    ["Alerts:Rules:0:Warning"] = "300",
    ["Alerts:Rules:0:WarningRecovery"] = "240",
    ["Alerts:Rules:0:ForSeconds"] = "30",
})
{
    /// <summary>The tenant of the configured rule.</summary>
    public const string ConfigTenant = "alerts-config";

    /// <summary>The configured rule's id.</summary>
    public const string ConfigRuleId = "support-longest-wait";

    /// <summary><c>Alerts:MaxRulesPerTenant</c> here.</summary>
    public const int MaxRules = 3;
}
