namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Two nodes of one cluster: two apps on real Kestrel ports sharing one database (its LISTEN/NOTIFY backplane and its
/// Quartz store); <see cref="B"/> is <see cref="DashboardServer.NodeOf"/> <see cref="A"/>.
/// </summary>
/// <typeparam name="TFirst">The server <see cref="A"/> is (a subclass when the tests need its settings).</typeparam>
public sealed class TwoNodes<TFirst> : IAsyncLifetime
    where TFirst : DashboardServer, new()
{
    /// <summary>The first node, which owns the database.</summary>
    public TFirst A { get; } = new();

    /// <summary>The second node, on the same database.</summary>
    public DashboardServer B { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await A.InitializeAsync();
        B = DashboardServer.NodeOf(A);
        await B.InitializeAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
