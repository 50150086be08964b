namespace Dashboard.Storage;

/// <summary>
/// Settings of the private PostgreSQL cluster started when <c>ConnectionStrings:Dashboard</c> is not set
/// (configuration section <c>Storage:Embedded</c>).
/// </summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage:Embedded";

    /// <summary>
    /// Folder for the cluster (<c>pgdata/</c>, its password file and log). Default: <c>.data/postgres</c>
    /// under the content root. Every parent folder must be traversable by the <c>postgres</c> user when the app runs as root.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Folder holding <c>initdb</c> and <c>pg_ctl</c>; found on <c>PATH</c> or under <c>/usr/lib/postgresql</c> when unset.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>
    /// Turns off fsync and synchronous commit. Only for throwaway clusters (tests, benchmarks): a crash can lose data.
    /// </summary>
    public bool Ephemeral { get; set; }
}
