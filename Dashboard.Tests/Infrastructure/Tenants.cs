namespace Dashboard.Tests.Infrastructure;

/// <summary>Fresh tenant ids, so tests sharing one server never see each other's streams or rows.</summary>
public static class Tenants
{
    public static string New() => "t-" + Guid.NewGuid().ToString("N")[..10];
}
