using Dashboard.Auth;
using Dashboard.Calendar;
using Dashboard.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Dashboard.Simulation;

/// <summary>
/// Feeds each simulated tenant's traffic (outbound campaigns, <see cref="CampaignTrafficModel"/>, inbound queues with
/// agents, <see cref="InboundQueueModel"/>, a live-chat centre, <see cref="ChatCentreModel"/>, and a shop,
/// <see cref="ShopModel"/>, whose daily curve follows the tenant's time zone, and custom KPI producers,
/// <see cref="KpiProducerModel"/>) through the real
/// ingestion path: once the server listens, every 250 ms–1 s (at once while a backlog of more than one batch waits) it posts the new events of every model, merged in time order, as a CloudEvents batch to its own
/// <c>POST /api/v1/events</c> with an <c>events:write</c> token for that tenant (docs/protocol.md §7).
/// </summary>
/// <remarks>
/// Failures never stop the host: a non-2xx answer or an unreachable server is logged and retried with exponential
/// back-off (1 s doubling to 30 s, or the server's <c>Retry-After</c>), keeping the unsent events (ids are unique, so a
/// retry of a batch that was in fact committed is acknowledged as duplicates, not counted twice).
/// </remarks>
internal sealed class TrafficSimulator(
    IServer server,
    IHostApplicationLifetime lifetime,
    TokenService tokens,
    IOptions<SimulationOptions> options,
    TenantTimeZones zones,
    TimeProvider time,
    ILogger<TrafficSimulator> logger) : BackgroundService
{
    /// <summary>Events per POST, well under the default <c>Ingestion:MaxBatchEvents</c> (1000).</summary>
    internal const int MaxBatchEvents = 500;

    /// <summary>Unsent events kept per tenant while ingestion is down; older ones are discarded beyond this.</summary>
    internal const int MaxPendingEvents = 20_000;

    // Derives the inbound model's seed from the tenant's, so the two models' random streams differ.
    private const int InboundSeedSalt = 0x5EED_1B0D;
    private const int ChatSeedSalt = 0x5EED_C4A7;
    private const int ShopSeedSalt = 0x5EED_5409;
    private const int KpiSeedSalt = 0x5EED_0C91;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForServerStartAsync(stoppingToken))
        {
            return;
        }

        var baseAddress = LoopbackAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        if (baseAddress is null)
        {
            SimulationLog.NoServerAddress(logger);
            return;
        }

        var settings = options.Value;
        var seed = settings.Seed ?? Random.Shared.Next();
        // Ids must differ between runs even with a fixed seed: the server deduplicates on (source, id) forever.
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var profile = new TrafficProfile
        {
            Campaigns = settings.CampaignsPerTenant,
            CallsPerSecond = settings.CallsPerSecond,
            SpeedFactor = settings.SpeedFactor,
        };

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var ingestUrl = new Uri(baseAddress, "/api/v1/events");
        SimulationLog.Started(logger, settings.EffectiveTenants.Count, ingestUrl, settings.CallsPerSecond, settings.SpeedFactor);

        var queues = settings.EffectiveQueues.Select(q => q.Value.ToProfile(q.Key)).ToList();
        SimulationLog.QueuesStarted(logger, queues.Count, string.Join(", ", queues.Select(q => q.Name)), queues.Sum(q => q.Agents), settings.QueueSpeedFactor);

        var chat = settings.Chat.Enabled ? settings.Chat.ToProfile(queues) : null;
        if (chat is not null)
        {
            SimulationLog.ChatStarted(logger, string.Join(", ", chat.Channels.Select(c => c.Key)), chat.AgentIds.Count, chat.MaxSessionsPerAgent, settings.Chat.SpeedFactor, settings.Chat.WarmStartMinutes);
        }

        var shop = settings.Shop;
        if (shop.Enabled)
        {
            SimulationLog.ShopStarted(logger, shop.SessionsPerMinuteAtPeak, string.Join(", ", shop.EffectiveCurrencies.Select(c => c.Key)), shop.SpeedFactor, shop.WarmStartMinutes);
        }

        var kpis = settings.Kpis;
        if (kpis.Enabled)
        {
            SimulationLog.KpisStarted(logger, KpiProducerModel.SeriesCount, kpis.ReportSeconds, kpis.MentionsPerMinute, kpis.LeadsPerRegion, kpis.ConversationsPerMinute, kpis.WarmStartMinutes);
        }

        var feeds = settings.EffectiveTenants.Select((tenant, i) =>
        {
            var start = time.GetUtcNow();
            // Each model draws from its own generator, so adding queues never changes a seeded run's campaign traffic.
            List<ITrafficModel> models =
            [
                new CampaignTrafficModel(profile, new Random(seed + i), runId, start),
                new InboundQueueModel(queues, settings.QueueSpeedFactor, new Random(unchecked(seed + i) ^ InboundSeedSalt), runId, start),
            ];
            if (chat is not null)
            {
                // Started in the past: the first batch carries the warm-start history (README.md, "Simulated traffic").
                var history = TimeSpan.FromMinutes(settings.Chat.WarmStartMinutes);
                models.Add(new ChatCentreModel(chat, settings.Chat.SpeedFactor, new Random(unchecked(seed + i) ^ ChatSeedSalt), runId, start - history));
            }

            if (shop.Enabled)
            {
                var shopProfile = shop.ToProfile(zones.For(tenant).Zone);
                models.Add(new ShopModel(shopProfile, shop.SpeedFactor, new Random(unchecked(seed + i) ^ ShopSeedSalt), runId, start - TimeSpan.FromMinutes(shop.WarmStartMinutes)));
            }

            if (settings.Kpis.Enabled)
            {
                // Started in the past like the shop: the first batch fills the last hour's sparklines.
                models.Add(new KpiProducerModel(settings.Kpis.ToProfile(), new Random(unchecked(seed + i) ^ KpiSeedSalt), runId, start - TimeSpan.FromMinutes(settings.Kpis.WarmStartMinutes)));
            }

            return FeedTenantAsync(http, ingestUrl, tenant, models, stoppingToken);
        });
        await Task.WhenAll(feeds);
    }

    /// <summary>
    /// The base address to post to: an <c>http</c> listening address preferred over <c>https</c>, with wildcard hosts and
    /// <c>localhost</c> mapped to <c>127.0.0.1</c>; null when there is none.
    /// </summary>
    internal static Uri? LoopbackAddress(IEnumerable<string> addresses) =>
        ServerAddresses.First(addresses, "127.0.0.1", preferHttp: true, pinLocalhost: true) is { } a
            ? new UriBuilder(a.Scheme, a.Host, a.Port, a.PathBase + "/").Uri
            : null;

    private async Task<bool> WaitForServerStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task FeedTenantAsync(HttpClient http, Uri ingestUrl, string tenant, IReadOnlyList<ITrafficModel> models, CancellationToken ct)
    {
        var pending = new List<SimulatedEvent>();
        var retry = TimeSpan.Zero;
        string? token = null;
        var renewTokenAt = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // A backlog (the warm-start history, or what piled up while ingestion was down) goes out batch after
                // batch without a pause, so live traffic is not held behind it.
                var pause = retry > TimeSpan.Zero ? retry
                    : pending.Count > MaxBatchEvents ? TimeSpan.Zero
                    : TimeSpan.FromMilliseconds(Random.Shared.Next(250, 1001));
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, time, ct);
                }

                var now = time.GetUtcNow();
                // Stable: each model's events of one instant keep the order they happened in.
                pending.AddRange(models.SelectMany(m => m.Advance(now)).OrderBy(e => e.Time));
                if (pending.Count > MaxPendingEvents)
                {
                    var excess = pending.Count - MaxPendingEvents;
                    pending.RemoveRange(0, excess);
                    SimulationLog.Discarded(logger, excess, tenant);
                }

                if (pending.Count == 0)
                {
                    continue;
                }

                if (token is null || time.GetUtcNow() >= renewTokenAt)
                {
                    token = tokens.Issue(tenant, "simulator", Scopes.Write, TokenLifetime);
                    renewTokenAt = time.GetUtcNow() + (TokenLifetime / 2);
                }

                var count = Math.Min(pending.Count, MaxBatchEvents);
                using var response = await PostAsync(http, ingestUrl, token, pending.GetRange(0, count), ct);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    pending.RemoveRange(0, count);
                    if (retry > TimeSpan.Zero)
                    {
                        SimulationLog.Recovered(logger, tenant);
                    }

                    retry = TimeSpan.Zero;
                }
                else if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity)
                {
                    // The batch itself is refused; sending it again cannot succeed.
                    pending.RemoveRange(0, count);
                    retry = TimeSpan.Zero;
                    SimulationLog.DroppedInvalid(logger, count, tenant, status);
                }
                else
                {
                    if (response.StatusCode is HttpStatusCode.Unauthorized)
                    {
                        token = null;
                    }

                    retry = NextRetry(retry, response.Headers.RetryAfter);
                    SimulationLog.Rejected(logger, status, tenant, count, retry);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                retry = NextRetry(retry, null);
                SimulationLog.Unreachable(logger, ex, tenant, retry);
            }
#pragma warning disable CA1031 // A demo traffic source must never take the host down; it logs and tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                retry = NextRetry(retry, null);
                SimulationLog.Failed(logger, ex, tenant, retry);
            }
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, string token, IReadOnlyList<SimulatedEvent> batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new ByteArrayContent(CloudEventBatch.Serialize(batch));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventBatch.MediaType);
        return await http.SendAsync(request, ct);
    }

    // 1 s, doubling, at most 30 s; a longer Retry-After from the server (e.g. 503 while the database is down) wins.
    private static TimeSpan NextRetry(TimeSpan previous, RetryConditionHeaderValue? retryAfter)
    {
        var next = previous == TimeSpan.Zero ? FirstRetry : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxRetry.Ticks));
        return retryAfter?.Delta is { } delta && delta > next ? TimeSpan.FromTicks(Math.Min(delta.Ticks, MaxRetry.Ticks)) : next;
    }
}
