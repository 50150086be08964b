using Dashboard.Benchmarks.Shared;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Benchmarks.Scrape;

/// <summary>
/// Makes a server busy for the scrape benchmark: per tenant, agents listing every queue, callers waiting in each queue
/// and active calls in each campaign (so the campaign metrics tick publishes thousands of business series), WebSocket
/// clients subscribed to <c>calls</c> and <c>queue</c>, and a trickle of call events while scrapes run.
/// </summary>
internal sealed class ScrapeLoad : IAsyncDisposable
{
    private readonly List<ClientWebSocket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _events = Task.CompletedTask;
    private Task _readers = Task.CompletedTask;

    /// <summary>Tenant <paramref name="i"/>'s id.</summary>
    public static string Tenant(int i) => $"scrape-{i:D3}";

    /// <summary>Ingests the tenants' agents, queued callers and campaign calls (one batch per tenant).</summary>
    public static async Task SeedAsync(BenchmarkServer server, ScrapeOptions options, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var time = DateTime.UtcNow.AddSeconds(-20).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        for (var t = 0; t < options.Tenants; t++)
        {
            var events = new List<string>();
            var n = 0;
            void Add(string type, string data) =>
                events.Add($$"""{"specversion":"1.0","id":"e{{n++}}","source":"/bench/scrape","type":"{{type}}","time":"{{time}}","datacontenttype":"application/json","data":{{data}}}""");
            var queues = string.Join(',', Enumerable.Range(0, options.Queues).Select(q => $"\"q{q}\""));
            foreach (var (agent, status) in new[] { ("a0", "available"), ("a1", "available"), ("a2", "busy") })
            {
                Add("agent.status_changed", $$"""{"agentId":"{{agent}}","status":"{{status}}","queues":[{{queues}}]}""");
            }

            for (var q = 0; q < options.Queues; q++)
            {
                Add("call.started", $$"""{"callId":"in-{{q}}","direction":"inbound"}""");
                Add("call.queued", $$"""{"callId":"in-{{q}}","queue":"q{{q}}"}""");
            }

            for (var c = 0; c < options.Campaigns; c++)
            {
                Add("call.started", $$"""{"callId":"out-{{c}}","direction":"outbound","campaignId":"camp-{{c}}"}""");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/events")
            {
                Content = new StringContent($"[{string.Join(',', events)}]", Encoding.UTF8),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(CallEventBodies.BatchContentType);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(Tenant(t), "events:write"));
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Connects the WebSocket clients and starts the event trickle (until disposed).</summary>
    public async Task StartAsync(BenchmarkServer server, ScrapeOptions options)
    {
        var uri = new UriBuilder(new Uri(server.BaseAddress, "/ws")) { Scheme = "ws" }.Uri;
        for (var i = 0; i < options.Clients; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, _stop.Token);
            await SendAsync(socket, $$"""{"type":"auth","token":"{{server.Token(Tenant(i % options.Tenants), "dashboard:read")}}"}""");
            await SendAsync(socket, """{"type":"subscribe","id":"s","topics":["calls","queue"]}""");
            _sockets.Add(socket);
        }

        _readers = Task.WhenAll(_sockets.Select(DrainAsync));
        _events = TrickleAsync(server, options.EventsPerSecond);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_events.ContinueWith(_ => { }, TaskScheduler.Default), _readers.ContinueWith(_ => { }, TaskScheduler.Default));
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _stop.Token);

    private async Task DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                if ((await socket.ReceiveAsync(buffer, _stop.Token)).MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Stopped, or the server went away: nothing to count here.
        }
    }

    // Call events for tenant 0 in batches of 10, every 10/rate seconds: the fold, the tick and the fan-out keep working.
    private async Task TrickleAsync(BenchmarkServer server, int eventsPerSecond)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var token = server.Token(Tenant(0), "events:write");
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10.0 / Math.Max(1, eventsPerSecond)));
        long next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/events")
                {
                    Content = new ByteArrayContent(CallEventBodies.Build("/bench/trickle", "t", next, 10, batch: true)),
                };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(CallEventBodies.BatchContentType);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                (await http.SendAsync(request, _stop.Token)).Dispose();
                next += 10;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // Stopped.
        }
    }
}
