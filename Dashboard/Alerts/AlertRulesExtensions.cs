using Dashboard.Alerts.Metrics;
using Dashboard.Alerts.Rules;
using Microsoft.Extensions.Options;

namespace Dashboard.Alerts;

/// <summary>Composition of the alert rules (docs/alerts.md): options, the metric catalogue, the rule store, the config sync and REST.</summary>
internal static class AlertRulesExtensions
{
    /// <summary>
    /// Binds and validates <c>Alerts</c> at start, registers <see cref="IAlertMetricSource"/>, <see cref="AlertRuleStore"/>
    /// and the start-time sync of <c>Alerts:Rules</c> (after the migrations: call after <c>AddStorage</c>).
    /// </summary>
    public static WebApplicationBuilder AddAlertRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        builder.Services.AddSingleton<IAlertMetricSource, HubAlertMetricSource>();
        builder.Services.AddSingleton<AlertRuleStore>();
        builder.Services.AddSingleton<AlertRuleConfigSync>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertRuleConfigSync>());
        return builder;
    }

    /// <summary>Maps <c>/api/v1/alerts/rules</c> (admin scope).</summary>
    public static WebApplication MapAlertRules(this WebApplication app)
    {
        AlertRuleEndpoints.Map(app);
        return app;
    }
}
