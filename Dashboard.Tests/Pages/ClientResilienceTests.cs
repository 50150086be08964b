using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The client's behaviour when the network or the server misbehaves: sessions closed right after they authenticate,
/// a server restart seen through polling, requests that never answer, and a poller restarted mid-round. The modules
/// run in Chromium, imported from the real server's <c>/js/</c> on the sign-in page, with scripted sockets and fetches
/// (the timings are the point, so they are scripted); the hung token request is also checked on the real page.
/// </summary>
public sealed class ClientResilienceTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    // In-page helper: waits for a condition, at most `ms`; the caller's assertions say what did not happen.
    private const string Until = """
        const until = async (condition, ms) => {
          const end = performance.now() + ms;
          while (!condition() && performance.now() < end) await new Promise(r => setTimeout(r, 5));
          return condition();
        };
        """;

    private async Task<JsonElement> RunAsync(string script)
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        return await page.EvaluateAsync<JsonElement>(script);
    }

    [Fact]
    public async Task A_session_closed_right_after_it_authenticates_backs_off_further_each_time_until_one_stays_up()
    {
        // Every session authenticates, subscribes and is closed 4008 at once, except the sixth, which stays up longer
        // than the client's "stable" window. With random() ≈ 1 each delay is the top of its back-off window.
        var result = await RunAsync($$"""
            async () => {
              {{Until}}
              const { RealtimeClient } = await import('/js/realtime-client.js');
              const stays = [0, 0, 0, 0, 0, 600, 0, 0];
              const created = [], closed = [];
              class ServerThatDrops {
                constructor() {
                  this.readyState = 0;
                  this.stay = stays.shift() ?? 60000;
                  created.push(performance.now());
                  setTimeout(() => { this.readyState = 1; this.onopen?.(); });
                }
                send(text) {
                  const m = JSON.parse(text);
                  const reply = x => setTimeout(() => this.onmessage?.({ data: JSON.stringify(x) }));
                  if (m.type === 'auth') {
                    reply({ type: 'auth_success', ts: new Date().toISOString(),
                            data: { expiresAt: new Date(Date.now() + 3600000).toISOString() } });
                  }
                  if (m.type === 'subscribe') {
                    for (const topic of m.topics) reply({ type: 'subscribed', id: m.id, topic, seq: 0 });
                    setTimeout(() => this.drop(), this.stay);
                  }
                }
                drop() {
                  if (this.readyState !== 1) return;
                  this.readyState = 3;
                  closed.push(performance.now());
                  this.onclose?.({ code: 4008, reason: 'slow consumer' });
                }
                close() { this.readyState = 3; }
              }
              const fetch = async () => new Response(
                JSON.stringify({ token: 't', expiresAt: new Date(Date.now() + 3600000).toISOString() }),
                { status: 200, headers: { 'Content-Type': 'application/json' } });
              const client = new RealtimeClient({
                topics: ['metrics'], WebSocket: ServerThatDrops, EventSource: undefined, fetch,
                window: new EventTarget(), navigator: { onLine: true }, random: () => 0.999,
                backoffBaseMs: 20, backoffFactor: 2, backoffCapMs: 5000, liveStableMs: 300,
              });
              client.start();
              await until(() => created.length >= 8, 10000);
              client.stop();
              return { delays: closed.slice(0, created.length - 1).map((t, i) => created[i + 1] - t) };
            }
            """);

        var delays = result.GetProperty("delays").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.True(delays.Count >= 7, $"only {delays.Count + 1} sessions were opened");
        // Attempts 0..4: the back-off grows although each session authenticated (20 ms × 2ⁿ, top of the window).
        double[] expected = [19, 39, 79, 159, 319];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(delays[i] >= expected[i] - 1, $"reconnect {i + 1} came after {delays[i]:F0} ms, expected ≥ {expected[i]} ms; all: {string.Join(", ", delays.Select(d => d.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        // The sixth stayed subscribed past the stable window: the back-off starts over (19 ms, not 639 ms).
        Assert.True(delays[5] < 320, $"after a stable session the reconnect came after {delays[5]:F0} ms");
    }

    [Fact]
    public async Task Polling_accepts_a_restarted_servers_lower_seq_as_a_resync()
    {
        // The server restarts between the polls of 41 and 3: its new epoch counts from 1 again.
        var result = await RunAsync($$"""
            async () => {
              {{Until}}
              const { RealtimeClient } = await import('/js/realtime-client.js');
              const script = [40, 41, 3, 4];
              let current;
              const fetch = async (url, init) => {
                if (!url.includes('/api/v1/snapshots/')) return new Response('', { status: 503 });
                if (script.length === 0 && init?.headers?.['If-None-Match'] === `"${current}"`) {
                  return new Response(null, { status: 304, headers: { ETag: `"${current}"` } });
                }
                current = script.shift() ?? current;
                const body = { type: 'metrics_update', topic: 'metrics', seq: current, ts: new Date().toISOString(), data: {} };
                return new Response(JSON.stringify(body), { status: 200, headers: { ETag: `"${current}"`, 'Content-Type': 'application/json' } });
              };
              const client = new RealtimeClient({
                topics: ['metrics'], EventSource: undefined, fetch, window: new EventTarget(), navigator: { onLine: true },
                backoffBaseMs: 10, pollIntervalMs: 20,
              });
              const seen = [];
              client.addEventListener('message', e => seen.push(e.detail.type === 'resync' ? 'resync' : e.detail.seq));
              client.start();
              await until(() => seen.includes(4), 5000);
              client.stop();
              return { seen: seen.map(String), transport: client.transport, last: client.lastSeq('metrics') ?? null };
            }
            """);

        Assert.Equal("polling", result.GetProperty("transport").GetString());
        Assert.Equal(["40", "41", "resync", "3", "4"], result.GetProperty("seen").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4, result.GetProperty("last").GetInt32());
    }

    [Fact]
    public async Task Polling_a_snapshot_older_than_what_another_transport_delivered_is_no_restart()
    {
        // On `calls` the newest snapshot (active_calls_update) may be older than the newest call_event the WebSocket
        // delivered: rising ETags below the position are the same run of the server, not a new one.
        var result = await RunAsync($$"""
            async () => {
              {{Until}}
              const { SnapshotPoller } = await import('/js/realtime-fallbacks.js');
              const script = [45, 46, 3];
              const fetch = async () => {
                const seq = script.shift();
                if (seq === undefined) return new Response(null, { status: 204 });
                const body = { type: 'active_calls_update', topic: 'calls', seq, data: {} };
                return new Response(JSON.stringify(body), { status: 200, headers: { ETag: `"${seq}"` } });
              };
              const seen = [];
              const poller = new SnapshotPoller({
                topics: ['calls'], urlFor: t => '/x/' + t, fetch, intervalMs: 10, timeoutMs: 5000, lastSeq: () => 50,
                onMessage: m => seen.push(m.type === 'resync' ? 'resync' : m.seq), onRound: () => {},
              });
              poller.start();
              await until(() => seen.length >= 4, 5000);
              poller.stop();
              return seen.map(String);
            }
            """);

        // 45 and 46 are delivered as they are (the positions drop them); 3 after 46 is a restart.
        Assert.Equal(["45", "46", "resync", "3"], result.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_poll_that_never_answers_times_out_and_the_round_reports_offline()
    {
        var result = await RunAsync($$"""
            async () => {
              {{Until}}
              const { SnapshotPoller } = await import('/js/realtime-fallbacks.js');
              // A request that hangs until its signal aborts it, as fetch does.
              const fetch = (url, init) => new Promise((_, reject) =>
                init?.signal?.addEventListener('abort', () => reject(init.signal.reason)));
              const rounds = [];
              const poller = new SnapshotPoller({
                topics: ['metrics'], urlFor: t => '/x/' + t, fetch, intervalMs: 50, timeoutMs: 200,
                onMessage: () => {}, onRound: r => rounds.push(r),
              });
              const started = performance.now();
              poller.start();
              await until(() => rounds.length > 0, 5000);
              poller.stop();
              return { rounds, ms: performance.now() - started };
            }
            """);

        Assert.Equal(["offline"], result.GetProperty("rounds").EnumerateArray().Select(e => e.GetString()).Take(1));
        Assert.InRange(result.GetProperty("ms").GetDouble(), 150, 4000);
    }

    [Fact]
    public async Task A_session_token_request_that_never_answers_fails_after_the_timeout_and_is_not_a_sign_out()
    {
        var result = await RunAsync($$"""
            async () => {
              const { fetchSessionToken } = await import('/js/realtime-session.js');
              const fetch = (url, init) => new Promise((_, reject) =>
                init?.signal?.addEventListener('abort', () => reject(init.signal.reason)));
              const started = performance.now();
              const outcome = await Promise.race([
                fetchSessionToken({ tokenUrl: '/api/v1/session/token', baseUrl: location.origin, fetch, requestTimeoutMs: 200 })
                  .then(() => 'token', e => e?.unauthorized ? 'unauthorized' : 'failed'),
                new Promise(r => setTimeout(() => r('still waiting'), 5000)),
              ]);
              return { outcome, ms: performance.now() - started };
            }
            """);

        Assert.Equal("failed", result.GetProperty("outcome").GetString());
        Assert.InRange(result.GetProperty("ms").GetDouble(), 150, 4000);
    }

    [Fact]
    public async Task When_the_first_session_token_request_hangs_the_page_retries_and_goes_live()
    {
        var requests = 0;
        await using var context = await browser.NewContextAsync(server);
        await context.RouteAsync(url => new Uri(url).AbsolutePath == "/api/v1/session/token", async route =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                return;  // never answered: a request stuck in a proxy
            }

            await route.ContinueAsync();
        });

        var page = await BrowserFixture.SignInAsync(context, server, Tenants.New());

        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
        Assert.True(Volatile.Read(ref requests) >= 2, "the page went live without asking for a token again");
    }

    [Fact]
    public async Task A_poller_restarted_while_a_round_is_in_flight_keeps_a_single_loop()
    {
        var result = await RunAsync($$"""
            async () => {
              {{Until}}
              const { SnapshotPoller } = await import('/js/realtime-fallbacks.js');
              const pending = [];
              const fetch = () => new Promise(resolve => pending.push(resolve));
              const rounds = [];
              const poller = new SnapshotPoller({
                topics: ['metrics'], urlFor: t => '/x/' + t, fetch, intervalMs: 30, timeoutMs: 60000,
                onMessage: () => {}, onRound: r => rounds.push(r),
              });
              poller.start();
              await until(() => pending.length === 1, 2000);
              poller.stop();
              poller.start();
              await until(() => pending.length === 2, 2000);
              // The first round ends now. Only the second loop is current, and it waits for its own request.
              pending[0](new Response(null, { status: 204 }));
              await until(() => pending.length > 2, 10 * 30);
              const requestsWhileSecondInFlight = pending.length;
              const roundsWhileSecondInFlight = rounds.length;
              pending[1](new Response(null, { status: 204 }));
              await until(() => pending.length > 2, 2000);
              poller.stop();
              return { requestsWhileSecondInFlight, roundsWhileSecondInFlight, goesOn: pending.length === 3 };
            }
            """);

        Assert.Equal(2, result.GetProperty("requestsWhileSecondInFlight").GetInt32());
        Assert.Equal(0, result.GetProperty("roundsWhileSecondInFlight").GetInt32());
        Assert.True(result.GetProperty("goesOn").GetBoolean(), "the current loop stopped polling");
    }
}
