namespace Dashboard.Storage;

/// <summary>
/// Locates the machine's PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>).
/// </summary>
internal static class PostgresBinaries
{
    /// <summary>
    /// Returns the folder holding <c>initdb</c> and <c>pg_ctl</c>: <paramref name="configured"/> when set,
    /// else the first match on <c>PATH</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The programs are not installed; the message names what to install.</exception>
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasBoth(configured)
                ? configured
                : throw Missing($"Storage:Embedded:BinDirectory ('{configured}') does not contain initdb and pg_ctl.");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasBoth(dir))
            {
                return dir;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => HasBoth(x.dir))
                .OrderByDescending(x => x.version)
                .FirstOrDefault();
            if (newest.dir is not null)
            {
                return newest.dir;
            }
        }

        throw Missing("initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql/*/bin.");
    }

    private static bool HasBoth(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static InvalidOperationException Missing(string detail) => new(
        $"Cannot start the embedded PostgreSQL cluster: {detail} " +
        "Install the PostgreSQL server (Debian/Ubuntu: 'apt-get install postgresql'; version 13 or later), " +
        "or set ConnectionStrings:Dashboard (environment: ConnectionStrings__Dashboard) to an existing server.");
}
