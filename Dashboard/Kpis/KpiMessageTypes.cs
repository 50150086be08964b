namespace Dashboard.Kpis;

/// <summary>Message types of the custom KPIs (docs/protocol.md §5).</summary>
public static class KpiMessageTypes
{
    /// <summary>On <c>kpis</c>: the <see cref="KpisUpdate"/> snapshot.</summary>
    public const string KpisUpdate = "kpis_update";
}
