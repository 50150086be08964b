using Npgsql;
using System.Data.Common;

namespace Dashboard.Storage;

/// <summary>The connection string of the server's one <see cref="NpgsqlDataSource"/>, from <c>ConnectionStrings:Dashboard</c>.</summary>
internal static class DataSourceConnectionString
{
    /// <summary>Statements each pooled connection keeps prepared when the connection string does not say (Npgsql's <c>Max Auto Prepare</c>).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Adds what the connection string leaves unset: <c>Application Name=dashboard</c> and
    /// <c>Max Auto Prepare=64</c>. The hot statements (the events insert with its CTEs, the backplane's sequence-and-log
    /// statement, the tick's reads) are the same text every time; preparing them once per connection halves the events
    /// insert's cost, which was mostly parse and plan (BENCHMARKS.md, issue 20). A value the user set, 0 included, is kept
    /// (README.md, Configuration).
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

        return csb.ConnectionString;
    }
}
