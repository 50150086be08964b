using Npgsql;
using System.Data.Common;

namespace Dashboard.Storage;

/// <summary>The connection string of the server's one <see cref="NpgsqlDataSource"/>, from <c>ConnectionStrings:Dashboard</c>.</summary>
internal static class DataSourceConnectionString
{
    /// <summary>Statements each pooled connection keeps prepared when the connection string does not say (Npgsql's <c>Max Auto Prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>The startup option that keeps prepared statements on per-execution plans.</summary>
    public const string CustomPlans = "-c plan_cache_mode=force_custom_plan";

    /// <summary>
    /// Adds what the connection string leaves unset: <c>Application Name=dashboard</c>, <c>Max Auto Prepare=64</c> and,
    /// while statements are prepared, <c>Options=-c plan_cache_mode=force_custom_plan</c>. The hot statements (the events
    /// insert with its CTEs, the activity context read) are the same text every time: prepared once per pooled
    /// connection, PostgreSQL no longer parses them per request, which was a third of the insert's cost (BENCHMARKS.md,
    /// optimisation 7). Planned per execution all the same: after five executions PostgreSQL may switch a prepared
    /// statement to a generic plan chosen without the parameters' values, and the activity context read's generic plan
    /// scanned every call of the tenant (1.1 ms and growing with the table, against 0.07 ms). A value the user set is
    /// kept: <c>Max Auto Prepare=0</c> (PgBouncer before 1.21 in transaction mode) turns both off (README.md, Configuration).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed or names an unknown keyword.</exception>
    public static string From(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        csb.ApplicationName ??= "dashboard";

        // NpgsqlConnectionStringBuilder answers ContainsKey for every keyword it knows; the plain builder only for those given.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            csb.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (csb.MaxAutoPrepare > 0 && csb.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true)
        {
            csb.Options = string.IsNullOrWhiteSpace(csb.Options) ? CustomPlans : csb.Options + " " + CustomPlans;
        }

        return csb.ConnectionString;
    }
}
