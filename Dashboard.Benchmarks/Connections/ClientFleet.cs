using Dashboard.Benchmarks.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Dashboard.Benchmarks.Connections;

/// <summary>What the client processes saw: connections open and closed, server pings received, other messages.</summary>
internal readonly record struct ClientStats(int Open, int Closed, long Pings, long Other);

/// <summary>
/// Idle connections held by <see cref="IdleClients"/> child processes, at most <see cref="MaxPerProcess"/> each (a process
/// may hold fewer than 20,000 file descriptors here) and each from its own source address <c>127.0.0.(10+i)</c> (about
/// 28,000 ephemeral ports per address), so the load scales past one process and one address. Disposing closes their stdin:
/// they exit, and every connection drops at once.
/// </summary>
internal sealed class ClientFleet : IAsyncDisposable
{
    public const int MaxPerProcess = 10_000;
    private readonly List<Client> _clients = [];

    private ClientFleet()
    {
    }

    public int Opened => _clients.Sum(c => c.Opened);

    public int Failed => _clients.Sum(c => c.Failed);

    public int Processes => _clients.Count;

    /// <summary>The client processes' resident memory, summed.</summary>
    public long RssBytes => _clients.Sum(c => ProcessSample.Read(c.Process.Id).RssBytes);

    /// <summary>Starts the processes and waits (bounded) until each has opened its share.</summary>
    public static async Task<ClientFleet> StartAsync(string transport, int count, Uri server, string token, string topic, CancellationToken ct)
    {
        var fleet = new ClientFleet();
        try
        {
            var processes = (count + MaxPerProcess - 1) / MaxPerProcess;
            for (var i = 0; i < processes; i++)
            {
                var share = count / processes + (i < count % processes ? 1 : 0);
                fleet._clients.Add(Client.Start(transport, share, server, token, topic, $"127.0.0.{10 + i}"));
            }

            // Opening is bounded by the server's handshake rate: allow 5 ms a connection plus a minute.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(5.0 * count));
            foreach (var client in fleet._clients)
            {
                var ready = (await client.ReadLineAsync("ready", timeout.Token)).Split(' ');
                client.Opened = int.Parse(ready[1], CultureInfo.InvariantCulture);
                client.Failed = int.Parse(ready[2], CultureInfo.InvariantCulture);
            }
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>The processes' counters, summed.</summary>
    public async Task<ClientStats> StatsAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var sum = new ClientStats();
        foreach (var client in _clients)
        {
            await client.Input.WriteLineAsync("stats");
            var f = (await client.ReadLineAsync("stats", timeout.Token)).Split(' ');
            sum = new ClientStats(
                sum.Open + int.Parse(f[1], CultureInfo.InvariantCulture),
                sum.Closed + int.Parse(f[2], CultureInfo.InvariantCulture),
                sum.Pings + long.Parse(f[3], CultureInfo.InvariantCulture),
                sum.Other + long.Parse(f[4], CultureInfo.InvariantCulture));
        }

        return sum;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Input.Close();
        }

        foreach (var client in _clients)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await client.Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                client.Process.Kill();
                await client.Process.WaitForExitAsync(CancellationToken.None);
            }

            client.Process.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>One child process and its output lines.</summary>
    private sealed class Client
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly Queue<string> _errors = new();

        private Client(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _lines.Writer.TryComplete();
                }
                else
                {
                    _lines.Writer.TryWrite(e.Data);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                {
                    if (e.Data is not null && _errors.Count < 20)
                    {
                        _errors.Enqueue(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public StreamWriter Input => Process.StandardInput;

        public int Opened { get; set; }

        public int Failed { get; set; }

        public static Client Start(string transport, int count, Uri server, string token, string topic, string source)
        {
            var start = DotnetCommand.StartInfo(DotnetCommand.ThisProgram,
            [
                IdleClients.Command, "--transport", transport, "--count", count.ToString(CultureInfo.InvariantCulture),
                "--server", server.ToString(), "--token", token, "--source", source, "--topic", topic, "--max-seconds", "3600",
            ]);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a client process");
            process.StandardInput.AutoFlush = true;
            return new Client(process);
        }

        public async Task<string> ReadLineAsync(string prefix, CancellationToken ct)
        {
            try
            {
                await foreach (var line in _lines.Reader.ReadAllAsync(ct))
                {
                    if (line.StartsWith(prefix + " ", StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"client process gave no '{prefix}' line in time: {Errors()}");
            }

            throw new InvalidOperationException($"client process exited without a '{prefix}' line: {Errors()}");
        }

        private string Errors()
        {
            lock (_errors)
            {
                return string.Join(" | ", _errors);
            }
        }
    }
}
