namespace Dashboard.SystemHealth;

/// <summary>The readiness checks' outcome: <c>status</c> is <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
public sealed record ReadinessReport(string Status, double DurationMs, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>One readiness check (<c>database</c>, <c>backplane</c>).</summary>
public sealed record ReadinessCheck(string Name, string Status, string? Description, double DurationMs);
