namespace Dashboard.Simulation;

/// <summary>The simulator's log messages (event ids 9000–9099).</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(9000, LogLevel.Information, "Simulator feeding {TenantCount} tenant(s) through {IngestUrl} ({CallsPerSecond} calls/s per tenant, speed factor {SpeedFactor})")]
    public static partial void Started(ILogger logger, int tenantCount, Uri ingestUrl, double callsPerSecond, double speedFactor);

    [LoggerMessage(9001, LogLevel.Warning, "Simulator disabled for this run: the server reports no listening address to post events to")]
    public static partial void NoServerAddress(ILogger logger);

    [LoggerMessage(9002, LogLevel.Warning, "Simulator: ingestion answered {StatusCode} for tenant {Tenant} ({EventCount} events); retrying in {RetryDelay}")]
    public static partial void Rejected(ILogger logger, int statusCode, string tenant, int eventCount, TimeSpan retryDelay);

    [LoggerMessage(9003, LogLevel.Warning, "Simulator: dropped a batch of {EventCount} events for tenant {Tenant} that ingestion refused as invalid ({StatusCode})")]
    public static partial void DroppedInvalid(ILogger logger, int eventCount, string tenant, int statusCode);

    [LoggerMessage(9004, LogLevel.Warning, "Simulator: could not reach ingestion for tenant {Tenant}; retrying in {RetryDelay}")]
    public static partial void Unreachable(ILogger logger, Exception exception, string tenant, TimeSpan retryDelay);

    [LoggerMessage(9005, LogLevel.Warning, "Simulator: {EventCount} pending events for tenant {Tenant} were discarded while ingestion was unavailable")]
    public static partial void Discarded(ILogger logger, int eventCount, string tenant);

    [LoggerMessage(9006, LogLevel.Information, "Simulator: ingestion for tenant {Tenant} accepts events again")]
    public static partial void Recovered(ILogger logger, string tenant);

    [LoggerMessage(9007, LogLevel.Error, "Simulator: unexpected failure for tenant {Tenant}; retrying in {RetryDelay}")]
    public static partial void Failed(ILogger logger, Exception exception, string tenant, TimeSpan retryDelay);

    [LoggerMessage(9008, LogLevel.Information, "Simulator: {QueueCount} inbound queue(s) per tenant ({Queues}; {AgentCount} agents), queue speed factor {QueueSpeedFactor}")]
    public static partial void QueuesStarted(ILogger logger, int queueCount, string queues, int agentCount, double queueSpeedFactor);

    [LoggerMessage(9009, LogLevel.Information, "Simulator: chat centre per tenant ({Channels}; {AgentCount} agents, at most {MaxSessions} sessions each), speed factor {SpeedFactor}, {WarmStartMinutes} min of history at start")]
    public static partial void ChatStarted(ILogger logger, string channels, int agentCount, int maxSessions, double speedFactor, int warmStartMinutes);

    [LoggerMessage(9010, LogLevel.Information, "Simulator: shop per tenant ({SessionsPerMinute} sessions/min at the evening peak, in {Currencies}), speed factor {SpeedFactor}, {WarmStartMinutes} min of history at start")]
    public static partial void ShopStarted(ILogger logger, double sessionsPerMinute, string currencies, double speedFactor, int warmStartMinutes);

    [LoggerMessage(9011, LogLevel.Information, "Simulator: {SeriesCount} KPI series per tenant reported every {ReportSeconds} s ({MentionsPerMinute} mentions/min, {LeadsPerRegion} leads per region, {ConversationsPerMinute} AI-agent conversations/min), {WarmStartMinutes} min of history at start")]
    public static partial void KpisStarted(ILogger logger, int seriesCount, double reportSeconds, double mentionsPerMinute, double leadsPerRegion, double conversationsPerMinute, int warmStartMinutes);
}
