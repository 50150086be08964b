using Dashboard.Alerts;
using Dashboard.Alerts.Rules;
using Dashboard.Alerts.State;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// Rules from configuration (docs/alerts.md, "Configuration"): validation at start naming <c>Alerts:Rules:{i}:Field</c>
/// and the scalar keys, and the start-time sync into <c>alert_rules</c> (upsert as config, an API rule with the same id
/// replaced, a rule no longer configured deleted with its alert states, an unchanged rule's version kept).
/// </summary>
public sealed class AlertRuleConfigTests(AlertRulesServer server) : IClassFixture<AlertRulesServer>
{
    [Fact]
    public void Bad_configuration_fails_at_start_naming_each_key()
    {
        var error = StartupRefusal(new Dictionary<string, string?>
        {
            ["Alerts:MaxSnapshotAgeSeconds"] = "2",
            ["Alerts:EvaluateSeconds"] = "61",
            ["Alerts:Rules:0:Tenant"] = "acme",
            ["Alerts:Rules:0:Id"] = "wait",
            ["Alerts:Rules:0:Name"] = "Wait",
            ["Alerts:Rules:0:Metric"] = "queue.longestWaitSeconds",
            ["Alerts:Rules:0:Warning"] = "300",
            ["Alerts:Rules:0:WarningRecovery"] = "320",
            ["Alerts:Rules:1:Tenant"] = "bad tenant!",
            ["Alerts:Rules:1:Id"] = "x",
            ["Alerts:Rules:1:Name"] = "X",
            ["Alerts:Rules:1:Metric"] = "queue.nothing",
            ["Alerts:Rules:1:Critical"] = "NaN",
            ["Alerts:Rules:2:Tenant"] = "acme",
            ["Alerts:Rules:2:Id"] = "wait",
            ["Alerts:Rules:2:Name"] = "Again",
            ["Alerts:Rules:2:Metric"] = "chat.sessions.waiting{channel=web}",
            ["Alerts:Rules:2:Warning"] = "5",
            ["Alerts:Rules:2:Direction"] = "up",
            ["Alerts:Rules:2:ForSeconds"] = "100000",
            ["Alerts:Rules:2:NoData"] = "never",
        });
        var message = string.Join("\n", error.Failures);
        foreach (var key in new[]
        {
            "Alerts:MaxSnapshotAgeSeconds", "Alerts:EvaluateSeconds", "Alerts:Rules:0:WarningRecovery", "Alerts:Rules:1:Tenant",
            "Alerts:Rules:1:Metric: unknown metric queue.nothing; valid: ", "Alerts:Rules:1:Critical", "Alerts:Rules:2:Id",
            "Alerts:Rules:2:Direction", "Alerts:Rules:2:ForSeconds", "Alerts:Rules:2:NoData",
        })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Alerts:Rules:0:Metric", message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_configured_rules_for_a_tenant_than_the_limit_fail_at_start()
    {
        var settings = new Dictionary<string, string?> { ["Alerts:MaxRulesPerTenant"] = "1" };
        for (var i = 0; i < 2; i++)
        {
            settings[$"Alerts:Rules:{i}:Tenant"] = "acme";
            settings[$"Alerts:Rules:{i}:Id"] = $"r{i}";
            settings[$"Alerts:Rules:{i}:Name"] = "R";
            settings[$"Alerts:Rules:{i}:Metric"] = "agents.available";
            settings[$"Alerts:Rules:{i}:Direction"] = "below";
            settings[$"Alerts:Rules:{i}:Critical"] = "1";
        }

        Assert.Contains("Alerts:MaxRulesPerTenant", string.Join("\n", StartupRefusal(settings).Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sync_replaces_an_api_rule_of_a_configured_id_deletes_unconfigured_ones_and_keeps_unchanged_versions()
    {
        var sync = server.Services.GetRequiredService<AlertRuleConfigSync>();
        var store = server.Services.GetRequiredService<AlertRuleStore>();
        const string tenant = AlertRulesServer.ConfigTenant;
        const string id = AlertRulesServer.ConfigRuleId;
        var before = (await store.GetAsync(tenant, id, CancellationToken.None))!;
        Assert.Equal("config", before.Source);

        // Unchanged configuration: nothing written, the version stays (the evaluator keeps its states).
        Assert.Equal((0, 0), await sync.SyncAsync(CancellationToken.None));
        Assert.Equal(before.Version, (await store.GetAsync(tenant, id, CancellationToken.None))!.Version);

        await using var data = NpgsqlDataSource.Create(server.ConnectionString);
        await ExecuteAsync(data, "UPDATE alert_rules SET source = 'api', name = 'hijacked', warning = 1 WHERE tenant = $1 AND id = $2", tenant, id);
        await ExecuteAsync(data,
            "INSERT INTO alert_rules (tenant, id, name, metric, direction, warning, source, created_at, updated_at) " +
            "VALUES ($1, $2, 'Gone', 'agents.available', 'below', 1, 'config', now(), now())", tenant, "gone");
        foreach (var rule in new[] { id, "gone" })
        {
            await ExecuteAsync(data, "INSERT INTO alert_instances (tenant, rule_id, label_key, warning_since, critical_since, level_since, evaluated_at) VALUES ($1, $2, '', now(), now(), now(), now())", tenant, rule);
        }

        Assert.Equal((1, 1), await sync.SyncAsync(CancellationToken.None));
        var restored = (await store.GetAsync(tenant, id, CancellationToken.None))!;
        Assert.Equal(("config", "Support longest wait", 300.0, before.Version + 1), (restored.Source, restored.Name, restored.Warning!.Value, restored.Version));
        Assert.Null(await store.GetAsync(tenant, "gone", CancellationToken.None));
        await using var count = data.CreateCommand("SELECT count(*) FROM alert_instances WHERE tenant = $1");
        count.Parameters.AddWithValue(tenant);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        await using var connection = await data.OpenConnectionAsync();
        Assert.Contains(await AlertRuleRows.ReadAsync(connection, null, CancellationToken.None), r => r.Tenant == tenant && r.Rule.Id == id);
    }

    [Fact]
    public void The_development_settings_give_every_simulated_tenant_valid_rules_on_longest_wait_service_level_and_chat_waiting()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Observability.RepoFiles.PathOf("Dashboard/appsettings.Development.json")).Build();
        var options = configuration.GetSection(AlertsOptions.SectionName).Get<AlertsOptions>()!;
        var result = new AlertsOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        foreach (var tenant in Dashboard.Simulation.SimulationOptions.DefaultTenants)
        {
            var metrics = options.Rules.Where(r => r.Tenant == tenant).Select(r => r.Metric!.Split('{')[0]).ToHashSet();
            Assert.Superset(new HashSet<string> { "queue.longestWaitSeconds", "queue.serviceLevel", "chat.sessions.waiting" }, metrics);
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource data, string sql, string tenant, string id)
    {
        await using var cmd = data.CreateCommand(sql);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync();
    }

    private static OptionsValidationException StartupRefusal(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAlertRules();
        using var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<AlertsOptions>>().Value);
    }
}
