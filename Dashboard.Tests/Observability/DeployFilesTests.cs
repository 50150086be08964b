using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Observability;

/// <summary>
/// The deploy files a Prometheus and Grafana user takes as they are: <c>deploy/prometheus/prometheus.yml</c> passes
/// <c>promtool check config</c>, <c>deploy/grafana/dashboard.json</c> imports with no edits and every PromQL expression in
/// it parses (<c>promtool check rules</c>), and <c>docker-compose.yml</c> mounts files that exist.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string[] Rows = ["Transport", "Jobs", "Ingestion", "HTTP", "Business KPIs"];

    [Fact]
    public async Task The_Prometheus_config_passes_promtool_check_config()
    {
        var (exit, lines) = await Promtool.CheckConfigAsync(RepoFiles.PathOf("deploy/prometheus/prometheus.yml"));

        Assert.True(exit == 0, $"promtool check config exited {exit}:\n{string.Join('\n', lines)}");
        var config = await File.ReadAllTextAsync(RepoFiles.PathOf("deploy/prometheus/prometheus.yml"));
        Assert.Contains("job_name: dashboard", config, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", config, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Grafana_dashboard_imports_with_no_edits_through_its_datasource_variable()
    {
        var dashboard = GrafanaDashboardFile.Load();

        Assert.InRange(dashboard.GetProperty("schemaVersion").GetInt32(), 36, 41);
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("id").ValueKind);
        Assert.False(string.IsNullOrEmpty(dashboard.GetProperty("uid").GetString()));

        // A "datasource" variable of type prometheus: Grafana picks the default Prometheus datasource on import and
        // through provisioning alike (a ${DS_…} __inputs placeholder is only substituted by the UI import).
        var variables = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var datasource = Assert.Single(variables, v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
        var reference = "${" + datasource.GetProperty("name").GetString() + "}";
        Assert.DoesNotContain("DS_PROMETHEUS", File.ReadAllText(RepoFiles.PathOf(GrafanaDashboardFile.RelativePath)), StringComparison.Ordinal);

        var panels = GrafanaDashboardFile.Panels(dashboard).ToList();
        Assert.Equal(Rows, panels.Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()));
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            Assert.True(panel.TryGetProperty("gridPos", out _), $"{title}: no gridPos");
            Assert.Equal(reference, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                Assert.Equal(reference, target.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }

        foreach (var variable in variables.Where(v => v.GetProperty("type").GetString() == "query"))
        {
            Assert.Equal(reference, variable.GetProperty("datasource").GetProperty("uid").GetString());
        }
    }

    [Fact]
    public async Task Every_PromQL_expression_of_the_Grafana_dashboard_parses()
    {
        var expressions = GrafanaDashboardFile.Expressions(GrafanaDashboardFile.Load()).ToList();
        Assert.True(expressions.Count >= 15, $"only {expressions.Count} expressions");

        // Each expression as a recording rule: promtool check rules parses every expr with Prometheus's own parser.
        var rules = new StringBuilder("groups:\n  - name: grafana-dashboard\n    rules:\n");
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var i = 0; i < expressions.Count; i++)
        {
            var promql = GrafanaDashboardFile.Substituted(expressions[i].Expr);
            Assert.DoesNotContain("$", promql, StringComparison.Ordinal);
            rules.Append($"      - record: grafana_dashboard:expr_{i}\n");
            rules.Append($"        expr: {JsonSerializer.Serialize(promql, relaxed)}\n"); // a JSON string is a YAML double-quoted scalar
        }

        var file = Path.Combine(Path.GetTempPath(), $"dashboard-exprs-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (exit, lines) = await Promtool.CheckRulesAsync(file);
            Assert.True(exit == 0, $"promtool check rules exited {exit}:\n{string.Join('\n', lines)}\n\n{rules}");
            Assert.Contains(lines, l => l.Contains($"SUCCESS: {expressions.Count} rules found", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Docker_compose_mounts_the_deploy_files_that_exist()
    {
        var compose = await File.ReadAllTextAsync(RepoFiles.PathOf("docker-compose.yml"));
        var mounts = BindMount().Matches(compose).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(
            ["deploy/prometheus/prometheus.yml", "deploy/grafana/provisioning", "deploy/grafana/dashboard.json"],
            mounts);
        Assert.All(mounts, m => Assert.True(File.Exists(RepoFiles.PathOf(m)) || Directory.Exists(RepoFiles.PathOf(m)), m));
        Assert.True(File.Exists(RepoFiles.PathOf("deploy/grafana/provisioning/datasources/prometheus.yml")));
        Assert.True(File.Exists(RepoFiles.PathOf("deploy/grafana/provisioning/dashboards/dashboard.yml")));
        Assert.Contains("http://prometheus:9090", await File.ReadAllTextAsync(RepoFiles.PathOf("deploy/grafana/provisioning/datasources/prometheus.yml")), StringComparison.Ordinal);
    }

    // "- ./relative/path:/container/path[:ro]" lines of the compose file.
    [GeneratedRegex(@"^\s*-\s*\./([^:\s]+):", RegexOptions.Multiline)]
    private static partial Regex BindMount();
}
