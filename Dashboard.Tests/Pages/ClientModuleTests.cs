using System.Text;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Pages;

/// <summary>
/// Unit tests of the client's pure pieces, run in Chromium: the modules are imported as the page imports them, from the
/// server's <c>/js/</c>, on the (anonymous) sign-in page.
/// </summary>
public sealed class ClientModuleTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Backoff_delay_is_full_jitter_within_zero_and_min_of_30_s_and_1_s_times_two_to_the_n()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { backoffDelay, DEFAULTS } = await import('/js/realtime-protocol.js');
              const rows = [];
              for (let n = 0; n <= 12; n++) {
                const samples = Array.from({ length: 500 }, () => backoffDelay(n, DEFAULTS));
                rows.push({
                  n,
                  lowest: backoffDelay(n, DEFAULTS, () => 0),
                  highest: backoffDelay(n, DEFAULTS, () => 1 - Number.EPSILON),
                  min: Math.min(...samples),
                  max: Math.max(...samples),
                  distinct: new Set(samples).size,
                });
              }
              return { defaults: [DEFAULTS.backoffBaseMs, DEFAULTS.backoffFactor, DEFAULTS.backoffCapMs], rows };
            }
            """);

        Assert.Equal([1000, 2, 30000], result.GetProperty("defaults").EnumerateArray().Select(e => e.GetInt32()));
        foreach (var row in result.GetProperty("rows").EnumerateArray())
        {
            var n = row.GetProperty("n").GetInt32();
            var ceiling = Math.Min(30_000, 1_000 * Math.Pow(2, n));
            Assert.Equal(0, row.GetProperty("lowest").GetDouble());
            Assert.Equal(ceiling - 1, row.GetProperty("highest").GetDouble());
            Assert.InRange(row.GetProperty("min").GetDouble(), 0, ceiling - 1);
            Assert.InRange(row.GetProperty("max").GetDouble(), 0, ceiling - 1);
            // Jitter, not a fixed delay: 500 draws over at least 1000 values are not all alike.
            Assert.True(row.GetProperty("distinct").GetInt32() > 100, $"attempt {n}: delays are not spread");
        }
    }

    [Fact]
    public async Task Csv_fields_are_rfc_4180_and_text_a_spreadsheet_would_run_as_a_formula_is_neutralised()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var csv = await page.EvaluateAsync<string>("""
            async () => {
              const { toCsv } = await import('/js/table-export.js');
              return toCsv([['session', 'agent', 'wait'], ['=HYPERLINK("http://x")', '@SUM(A1)', '-5'], ['+1 555', 'a,b', '+3.5'], ['-cmd', 'Ana', '1:05']]);
            }
            """);

        Assert.Equal(
            "session,agent,wait\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),-5\r\n'+1 555,\"a,b\",+3.5\r\n'-cmd,Ana,1:05\r\n",
            csv);
    }

    [Fact]
    public async Task Positions_deliver_each_seq_once_accept_the_snapshot_after_a_resync_and_make_a_server_resume_token()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { TopicPositions } = await import('/js/realtime-positions.js');
              const p = new TopicPositions();
              const m = (topic, seq, type = 'call_event') => ({ type, topic, seq });
              const accepted = [
                m('calls', 5), m('calls', 6), m('calls', 6), m('calls', 4), m('metrics', 9), m('calls', 7),
                { type: 'resync', topic: 'calls' }, m('calls', 2, 'active_calls_update'), m('calls', 3),
              ].map(x => p.accept(x));
              const forced = p.accept(m('metrics', 9), true);
              return {
                accepted, forced, calls: p.get('calls'), metrics: p.get('metrics'),
                since: p.since(['calls', 'metrics', 'system']), none: p.since(['system']) === null,
                token: p.resumeToken(['calls', 'metrics']),
              };
            }
            """);

        Assert.Equal([true, true, false, false, true, true, true, true, true], result.GetProperty("accepted").EnumerateArray().Select(e => e.GetBoolean()));
        Assert.True(result.GetProperty("forced").GetBoolean());
        Assert.Equal(3, result.GetProperty("calls").GetInt64());
        Assert.Equal(9, result.GetProperty("metrics").GetInt64());
        var since = result.GetProperty("since");
        Assert.Equal((3, 9), (since.GetProperty("calls").GetInt64(), since.GetProperty("metrics").GetInt64()));
        Assert.False(since.TryGetProperty("system", out _));
        Assert.True(result.GetProperty("none").GetBoolean());
        // The SSE resume token format the server writes and reads (docs/protocol.md): base64url of the positions.
        var token = result.GetProperty("token").GetString()!;
        Assert.DoesNotContain('=', token);
        Assert.Equal("""{"calls":3,"metrics":9}""", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token)));
    }
}
