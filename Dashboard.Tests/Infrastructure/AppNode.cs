using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The built app (<c>dotnet Dashboard.dll</c>) running as a separate process until killed: a cluster node a test can kill
/// abruptly (no graceful shutdown, so Quartz releases nothing), as a crash or <c>kill -9</c> would.
/// </summary>
public sealed class AppNode : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppNode(Process process) => _process = process;

    /// <summary>The node's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the node wrote (stdout and stderr), for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the app with <paramref name="environment"/> (configuration as environment variables) on a free loopback port.</summary>
    public static AppNode Start(IDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(environment);
        settings.TryAdd("ASPNETCORE_URLS", "http://127.0.0.1:0");
        var psi = AppProcess.StartInfo([], settings);
        var node = new AppNode(Process.Start(psi)!);
        // A test run ended by Ctrl+C or a kill never disposes this: the node must not outlive it.
        TestClusterJanitor.KillWhenThisProcessEnds(node.ProcessId, typeof(Program).Assembly.Location);
        node._process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Kills the node and everything it started at once (SIGKILL), and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Kills the node if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
