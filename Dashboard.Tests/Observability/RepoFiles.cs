namespace Dashboard.Tests.Observability;

/// <summary>Files of the repository the tests were built from (found by walking up to <c>Dashboard.sln</c>).</summary>
internal static class RepoFiles
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of <paramref name="relative"/> (forward slashes) under <see cref="Root"/>.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }
}
