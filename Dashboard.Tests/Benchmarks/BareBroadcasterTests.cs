using Dashboard.Benchmarks.FanOut;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.WebSockets;

namespace Dashboard.Tests.Benchmarks;

/// <summary>
/// The fan-out floor keeps the Dashboard's queue discipline: a subscriber that reads nothing is closed with 4008 once
/// its queue passes the bound, while one that keeps up gets every message, in order, as whole text frames.
/// </summary>
public sealed class BareBroadcasterTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reader_that_keeps_up_gets_every_message_and_a_stalled_one_is_closed_as_a_slow_consumer(bool batched)
    {
        await using var app = ComparisonServers.Bare(0, batched ? BareBroadcaster.SendMode.Frames : BareBroadcaster.SendMode.SendAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var ws = new UriBuilder(address) { Scheme = "ws", Path = "/ws" }.Uri;
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var good = new ClientWebSocket();
        using var stalled = new ClientWebSocket();
        await good.ConnectAsync(ws, timeout.Token);
        await stalled.ConnectAsync(ws, timeout.Token);
        await Poll.UntilAsync(async () => await http.GetStringAsync("/bench/subscribers", timeout.Token) == "2", TimeSpan.FromSeconds(30), "both subscribers registered");

        long received = 0;
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            var expected = 1L;
            while (true)
            {
                var result = await good.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                Assert.True(result.EndOfMessage, "a message arrived in pieces larger than the 4 KiB buffer");
                var text = System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
                Assert.StartsWith($"{{\"type\":\"bench\",\"seq\":{expected},", text, StringComparison.Ordinal);
                expected++;
                Interlocked.Increment(ref received);
            }
        });

        // 12 MB in steps the reader drains between: more than loopback's socket buffers (a receiver that never reads keeps a
        // small window; the send buffer grows to tcp_wmem's 4 MiB) plus the 1,024-message bound
        // can hold for the stalled subscriber, never more than the bound queued for the reader that keeps up.
        const int Steps = 40, PerStep = 1000;
        for (var step = 1; step <= Steps; step++)
        {
            (await http.PostAsync($"/bench/publish?count={PerStep}", null, timeout.Token)).EnsureSuccessStatusCode();
            var target = (long)step * PerStep;
            await Poll.UntilAsync(() => Interlocked.Read(ref received) >= target, TimeSpan.FromSeconds(30), $"the reader got {target} messages");
        }

        Assert.Equal((long)Steps * PerStep, Interlocked.Read(ref received));

        var stalledReceived = 0;
        var chunk = new byte[4096];
        while (true)
        {
            var result = await stalled.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            stalledReceived += result.EndOfMessage ? 1 : 0;
        }

        Assert.Equal((WebSocketCloseStatus)4008, stalled.CloseStatus);
        Assert.Equal("slow consumer", stalled.CloseStatusDescription);
        await stalled.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        Assert.InRange(stalledReceived, 0, (Steps * PerStep) - 1024);

        await good.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        await reading;
        await app.StopAsync(timeout.Token);
    }
}
