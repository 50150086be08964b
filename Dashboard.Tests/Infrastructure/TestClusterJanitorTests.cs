using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>The sweep deletes a cluster folder whose process is gone and keeps one whose process lives.</summary>
public sealed class TestClusterJanitorTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("janitor-").FullName;

    [Fact]
    public void A_folder_of_a_dead_process_is_swept_and_one_of_a_live_process_is_kept()
    {
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        using var live = Process.Start("sleep", "60")!;
        try
        {
            var deadFolder = Folder(dead.Id);
            var liveFolder = Folder(live.Id);
            var unrelated = Directory.CreateDirectory(Path.Combine(_temp, "dashboard-tests-x")).FullName;

            var swept = TestClusterJanitor.SweepLeftovers(_temp);

            Assert.Equal([deadFolder], swept);
            Assert.False(Directory.Exists(deadFolder));
            Assert.True(Directory.Exists(liveFolder));
            Assert.True(Directory.Exists(unrelated));
        }
        finally
        {
            live.Kill();
        }
    }

    [Fact]
    public void A_folder_whose_lock_is_held_is_kept_even_when_its_pid_is_gone()
    {
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        var folder = Folder(dead.Id);
        using var held = new FileStream(Path.Combine(folder, "dashboard.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        Assert.Empty(TestClusterJanitor.SweepLeftovers(_temp));
        Assert.True(Directory.Exists(folder));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    // A cluster folder as the launcher leaves it: lock file, data folder with files in it.
    private string Folder(int pid)
    {
        var folder = Path.Combine(_temp, TestClusterJanitor.Prefix + pid);
        Directory.CreateDirectory(Path.Combine(folder, "pgdata", "base"));
        File.WriteAllText(Path.Combine(folder, "dashboard.lock"), "");
        File.WriteAllText(Path.Combine(folder, "pgdata", "base", "1"), "data");
        return folder;
    }
}
