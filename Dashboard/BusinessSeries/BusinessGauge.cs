namespace Dashboard.BusinessSeries;

/// <summary>The business gauges, in the order the series cap keeps them (tenant-wide first, campaigns, then custom KPIs last).</summary>
internal enum BusinessGauge
{
    TenantActiveCalls,
    Agents,
    AgentOccupancy,
    QueueCallsWaiting,
    QueueLongestWait,
    QueueServiceLevel,
    QueueAbandonment,
    QueueAgents,
    ChatSessions,
    ChatLongestWait,
    ChatFirstResponse,
    ChatCsat,
    CommerceActiveUsers,
    CommerceRevenue,
    CommerceTransactions,
    CampaignActiveCalls,
    CampaignQueueDepth,
    CampaignDialingRate,
    CampaignAnswerRatio,
    CampaignConversionRatio,
    Kpi,
}
