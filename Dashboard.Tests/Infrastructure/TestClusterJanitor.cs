using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Removes the test runs' throwaway PostgreSQL clusters (<c>$TMPDIR/dashboard-tests-&lt;pid&gt;</c>) once their test
/// process is gone, however it ended: a watcher outside the test process for this run, and a sweep at start for
/// folders older runs left behind.
/// </summary>
/// <remarks>
/// The test host is not a place to clean up in: the test platform ends it as soon as the results are reported, so a
/// <c>ProcessExit</c> handler that stops PostgreSQL and deletes a cluster of a few hundred MB is cut short (which is how
/// passing runs left 1.7 GB behind), and Ctrl+C or a kill never runs it at all.
/// </remarks>
public static class TestClusterJanitor
{
    /// <summary>The folder-name prefix of a test run's cluster; the owning process id follows it.</summary>
    public const string Prefix = "dashboard-tests-";

    /// <summary>
    /// Deletes every <c>dashboard-tests-&lt;pid&gt;</c> folder in <paramref name="tempDirectory"/> whose process is gone,
    /// stopping the PostgreSQL server still running in it first. A folder whose process lives, or whose folder lock
    /// (<c>dashboard.lock</c>) someone holds, is kept. Returns the folders deleted.
    /// </summary>
    public static IReadOnlyList<string> SweepLeftovers(string tempDirectory)
    {
        var swept = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(tempDirectory, Prefix + "*"))
        {
            // dashboard-tests-<pid>, or dashboard-tests-<pid>-<suffix> for a test's private cluster (fault tests).
            var owner = Path.GetFileName(folder)[Prefix.Length..].Split('-', 2)[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || IsAlive(pid) || IsLocked(folder))
            {
                continue;
            }

            StopPostmaster(folder);
            try
            {
                Directory.Delete(folder, recursive: true);
                swept.Add(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another run sweeping the same folder at the same moment; whichever finishes, it is gone.
            }
        }

        return swept;
    }

    /// <summary>
    /// Starts a watcher, detached from this process's session (Ctrl+C and a process-tree kill do not reach it), that
    /// waits for this process to end, then stops the PostgreSQL server in <paramref name="root"/> and deletes it.
    /// </summary>
    public static void DeleteWhenThisProcessEnds(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var pidFile = Path.Combine(root, "pgdata", "postmaster.pid");
        // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its backends and exits; nothing needs keeping.
        var script =
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
            $"if [ -f '{pidFile}' ]; then pm=$(head -n 1 '{pidFile}'); " +
            "if tr '\\0' ' ' < /proc/$pm/cmdline 2>/dev/null | grep -qF -- " + $"'{root}'; then kill -QUIT $pm; " +
            "n=0; while kill -0 $pm 2>/dev/null && [ $n -lt 100 ]; do sleep 0.1; n=$((n+1)); done; kill -KILL $pm 2>/dev/null; fi; fi; " +
            $"rm -rf '{root}'";
        RunDetached(script);
    }

    /// <summary>
    /// Starts a detached watcher that kills process <paramref name="pid"/> (a node the tests started) once this process
    /// ends, if its command line still contains <paramref name="commandLineMark"/> (so a reused pid is left alone).
    /// </summary>
    public static void KillWhenThisProcessEnds(int pid, string commandLineMark)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        RunDetached(
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
            $"if tr '\\0' ' ' < /proc/{pid}/cmdline 2>/dev/null | grep -qF -- '{commandLineMark}'; then kill -KILL {pid}; fi");
    }

    private static void RunDetached(string script)
    {
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "-f", "sh", "-c", script })
        {
            psi.ArgumentList.Add(a);
        }

        using var watcher = Process.Start(psi);
        watcher?.WaitForExit(5000);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The cluster launcher holds an exclusive lock on dashboard.lock for the cluster's life (EmbeddedPostgresCluster):
    // a lock we can take means no live process uses the folder, whatever its name says (a reused pid).
    private static bool IsLocked(string folder)
    {
        var lockFile = Path.Combine(folder, "dashboard.lock");
        if (!File.Exists(lockFile))
        {
            return false;
        }

        try
        {
            using var _ = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    // A killed run leaves its postmaster running: stop it (immediate shutdown) before its files are deleted, but only a
    // process whose command line names this folder (postmaster.pid may be stale and its pid reused).
    private static void StopPostmaster(string folder)
    {
        var pidFile = Path.Combine(folder, "pgdata", "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !IsAlive(pid))
        {
            return;
        }

        string commandLine;
        try
        {
            commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return;
        }

        if (!commandLine.Contains(folder, StringComparison.Ordinal))
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit(5000);
        }

        // The postmaster may be gone (and reaped) before we look: poll, bounded, then make sure.
        var deadline = Environment.TickCount64 + 10_000;
        while (IsAlive(pid) && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(50);
        }

        if (IsAlive(pid))
        {
            using var kill9 = Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
            kill9.WaitForExit(5000);
        }
    }
}
