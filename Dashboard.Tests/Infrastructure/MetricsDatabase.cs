using Dashboard.Campaigns;
using Dashboard.Chat;
using Dashboard.Commerce;
using Dashboard.Folding;
using Dashboard.Folding.DeadLetters;
using Dashboard.Observability;
using Dashboard.Publishing;
using Dashboard.Queues;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Dashboard.Storage;
using Dashboard.Tick;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using System.Text.Json;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database of its own in the shared test cluster, with the fold, calculator and runner wired to a
/// <see cref="ManualTimeProvider"/> and a hub of their own: no app, no Quartz.
/// </summary>
public sealed class MetricsDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly BackplaneListener _listener;
    private int _nextEvent;
    private readonly RealtimeOptions _realtime;

    private MetricsDatabase(string connectionString, NpgsqlDataSource dataSource, ServiceProvider services, RealtimeOptions realtime)
    {
        ConnectionString = connectionString;
        TimeZones = new Dashboard.Calendar.TenantTimeZones(Microsoft.Extensions.Options.Options.Create(Tenants));
        DataSource = dataSource;
        _services = services;
        var metrics = services.GetRequiredService<DashboardMetrics>();
        _realtime = realtime;
        var options = Microsoft.Extensions.Options.Options.Create(realtime);
        Hub = new RealtimeHub(Clock, metrics, options);
        var store = new BackplaneStore(dataSource);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Dashboard", connectionString)]).Build();
        // Real time for the backplane: its retry delays must elapse on their own if the database hiccups.
        _listener = new BackplaneListener(configuration, store, Hub, options, metrics, TimeProvider.System, NullLogger<BackplaneListener>.Instance);
        var resilience = services.GetRequiredService<ResilienceMetrics>();
        Publisher = NewPublisher();
        var rows = new FoldRowReader(Microsoft.Extensions.Options.Options.Create(QueueOptions));
        var deadLetterOptions = Microsoft.Extensions.Options.Options.Create(DeadLetterOptions);
        var deadLetterCounts = new DeadLetterMonitor(new DeadLetterStore(dataSource), resilience, Clock);
        Folder = new EventFolder(dataSource, rows, deadLetterOptions, deadLetterCounts, resilience, TimeZones, Clock, NullLogger<EventFolder>.Instance);
        Backfills = new FoldBackfills(dataSource, rows, TimeZones, Clock, NullLogger<FoldBackfill>.Instance);
        DeadLetters = new DeadLetterRetrier(dataSource, rows, deadLetterCounts, deadLetterOptions, resilience, TimeZones, Clock, NullLogger<DeadLetterRetrier>.Instance);
        Isolation = new TenantIsolation(resilience, Clock, NullLogger<TenantIsolation>.Instance);
        Calculator = new CampaignMetricsCalculator(dataSource);
        QueueCalculator = new QueueMetricsCalculator(dataSource, Microsoft.Extensions.Options.Options.Create(QueueOptions), TimeZones);
        ChatCalculator = new ChatMetricsCalculator(dataSource, TimeZones, Microsoft.Extensions.Options.Options.Create(Payloads));
        CommerceCalculator = new CommerceMetricsCalculator(dataSource, TimeZones);
        KpiCalculator = new Dashboard.Kpis.KpiMetricsCalculator(dataSource, TimeZones, Microsoft.Extensions.Options.Options.Create(Kpis), Microsoft.Extensions.Options.Options.Create(Payloads));
        KnownTenants = new KnownTenants(dataSource);
        TickTenants = new TickTenants(dataSource);
        Runner = NewRunner();
    }

    public NpgsqlDataSource DataSource { get; }

    public ManualTimeProvider Clock { get; } = new();

    /// <summary>The collectors of poison isolation, whose values tests read.</summary>
    internal ResilienceMetrics Resilience => _services.GetRequiredService<ResilienceMetrics>();

    /// <summary>A publisher on this database and hub, not started (its queue fills until someone starts it).</summary>
    internal RealtimePublisher NewPublisher() => new(
        new BackplaneStore(DataSource), Hub, _services.GetRequiredService<DashboardMetrics>(),
        new PublishGuard(Resilience, Clock, NullLogger<PublishGuard>.Instance), Microsoft.Extensions.Options.Options.Create(_realtime),
        TimeProvider.System, NullLogger<RealtimePublisher>.Instance);

    /// <summary>The queue settings the fold uses (service-level thresholds); change before folding.</summary>
    public QueueMetricsOptions QueueOptions { get; } = new();

    /// <summary>The dead-letter retry settings; change before folding.</summary>
    public DeadLetterOptions DeadLetterOptions { get; } = new();

    internal DeadLetterRetrier DeadLetters { get; }

    internal TenantIsolation Isolation { get; }

    internal RealtimeHub Hub { get; }

    /// <summary>The backplane publisher feeding <see cref="Hub"/> through this database (started with it).</summary>
    internal RealtimePublisher Publisher { get; }

    internal EventFolder Folder { get; }

    internal CampaignMetricsCalculator Calculator { get; }

    internal TickRunner Runner { get; }

    /// <summary>The backfills of chat and commerce events stored before their folds (migrations 0008, 0011), as the runner uses them.</summary>
    internal FoldBackfills Backfills { get; }

    internal KnownTenants KnownTenants { get; }

    internal TickTenants TickTenants { get; }

    internal QueueMetricsCalculator QueueCalculator { get; }

    internal ChatMetricsCalculator ChatCalculator { get; }

    /// <summary>The commerce calculator the runner uses (in <see cref="TimeZones"/>).</summary>
    internal CommerceMetricsCalculator CommerceCalculator { get; }

    /// <summary>The database's connection string (with its password).</summary>
    public string ConnectionString { get; }

    /// <summary>The tenants' time zones (<c>Tenants:{tenant}:TimeZone</c>); add entries before computing.</summary>
    public Dashboard.Calendar.TenantsOptions Tenants { get; } = new();

    /// <summary>The business calendars every calculator here reads (follows <see cref="Tenants"/>).</summary>
    internal Dashboard.Calendar.TenantTimeZones TimeZones { get; }

    /// <summary>The payload caps the chat calculator uses; change before computing.</summary>
    public Dashboard.Publishing.PayloadOptions Payloads { get; } = new();

    /// <summary>The <c>Kpis</c> settings the KPI calculator uses (staleness, units); change before computing.</summary>
    public Dashboard.Kpis.KpisOptions Kpis { get; } = new();

    /// <summary>The KPI calculator the runner uses (in <see cref="TimeZones"/>, <see cref="Kpis"/>, <see cref="Payloads"/>).</summary>
    internal Dashboard.Kpis.KpiMetricsCalculator KpiCalculator { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <param name="realtime">Realtime settings of the hub and publisher (defaults when null).</param>
    public static async Task<MetricsDatabase> CreateAsync(RealtimeOptions? realtime = null)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).StartAsync(CancellationToken.None);
        var services = new ServiceCollection().AddSingleton(Prometheus.Metrics.NewCustomRegistry()).AddSingleton<DashboardMetrics>().AddSingleton<ResilienceMetrics>().BuildServiceProvider();
        var database = new MetricsDatabase(connectionString, dataSource, services, realtime ?? new RealtimeOptions());
        await database._listener.StartAsync(CancellationToken.None);
        await database.Publisher.StartAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A runner with its own publisher, as a freshly started node would have.</summary>
    internal TickRunner NewRunner() =>
        new(Folder, Backfills, Calculator, new CampaignMetricsPublisher(Publisher, Hub), QueueCalculator, new QueueMetricsPublisher(Publisher, Hub),
            ChatCalculator, new ChatMetricsPublisher(Publisher, Hub), CommerceCalculator, new CommerceMetricsPublisher(Publisher, Hub),
            KpiCalculator, new Dashboard.Kpis.KpiMetricsPublisher(Publisher, Hub),
            new Dashboard.Activity.ActivitySnapshotPublisher(DataSource, new Dashboard.Activity.ActivityReader(DataSource), Publisher, Hub, Isolation, Clock),
            new Dashboard.Notifications.NotificationSnapshotPublisher(
                DataSource, new Dashboard.Notifications.NotificationReader(DataSource), Publisher, Hub, Isolation, Microsoft.Extensions.Options.Options.Create(_realtime), Clock),
            new TenantChanges(DataSource), KnownTenants, TickTenants, TimeZones, DeadLetters, Isolation, Clock);

    /// <summary>Inserts one event as ingestion would (same columns; txid and seq from their defaults).</summary>
    public Task InsertAsync(string tenant, string type, DateTime time, object data, NpgsqlConnection? connection = null, NpgsqlTransaction? tx = null) =>
        InsertAsync(tenant, type, time, data, "evt-" + Interlocked.Increment(ref _nextEvent), connection, tx);

    /// <summary>Inserts one event with an explicit CloudEvents id.</summary>
    public async Task InsertAsync(string tenant, string type, DateTime time, object data, string eventId, NpgsqlConnection? connection = null, NpgsqlTransaction? tx = null)
    {
        const string sql = "INSERT INTO events (tenant, source, event_id, type, time, data) VALUES ($1, 'test', $2, $3, $4, $5)";
        await using var cmd = connection is null ? DataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(eventId);
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(time);
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(data, JsonDefaults.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Folds until the watermark has passed every committed event. The horizon is the oldest transaction running anywhere
    /// in the shared cluster, so another test's transaction can hold a fold back for a moment: poll, bounded.
    /// </summary>
    public async Task<long> FoldAllAsync()
    {
        long folded = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            folded += (await Folder.FoldAsync(CancellationToken.None)).EventsRead;
            if (await UnfoldedAsync() == 0)
            {
                return folded;
            }

            Assert.True(DateTime.UtcNow < deadline, "events still unfolded after 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits (bounded) until every committed event the watermark has not passed is below the fold's horizon, so the next
    /// <c>Folder.FoldAsync</c> reads them all: another test's transaction in the shared cluster holds the horizon back.
    /// </summary>
    public Task WaitUntilFoldableAsync() =>
        Poll.UntilAsync(
            async () =>
            {
                await using var cmd = DataSource.CreateCommand(
                    """
                    SELECT count(*) FROM events e, fold_watermarks w
                    WHERE w.name = 'campaign_metrics' AND (e.txid, e.seq) > (w.txid, w.seq)
                      AND e.txid >= pg_snapshot_xmin(pg_current_snapshot())
                    """);
                return (long)(await cmd.ExecuteScalarAsync())!;
            },
            static aboveHorizon => aboveHorizon == 0,
            TimeSpan.FromSeconds(10),
            "events still above the fold horizon");

    /// <summary>Committed events the watermark has not passed.</summary>
    public async Task<long> UnfoldedAsync()
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT count(*) FROM events e, fold_watermarks w WHERE w.name = 'campaign_metrics' AND (e.txid, e.seq) > (w.txid, w.seq)");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns with <c>$1</c> = <paramref name="tenant"/>, as text, in its order.</summary>
    public async Task<List<string>> StringsAsync(string sql, string tenant)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(tenant);
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>The tenant's metrics now.</summary>
    internal async Task<TenantCampaignMetrics> ComputeAsync(string tenant) =>
        (await Calculator.ComputeAsync([tenant], Now, CancellationToken.None)).Single();

    public async ValueTask DisposeAsync()
    {
        await Publisher.StopAsync(CancellationToken.None);
        await _listener.StopAsync(CancellationToken.None);
        Publisher.Dispose();
        _listener.Dispose();
        await DataSource.DisposeAsync();
        await _services.DisposeAsync();
    }
}
