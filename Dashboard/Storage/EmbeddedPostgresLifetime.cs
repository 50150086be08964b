namespace Dashboard.Storage;

/// <summary>
/// Stops the embedded cluster when the host has stopped. <c>ApplicationStopped</c> fires after every hosted service
/// (Kestrel's drain, Quartz, the simulator) has finished, so nothing still needs the database. An instance registered
/// with <c>AddSingleton(instance)</c> is never disposed by the container, hence this explicit hook.
/// </summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgresCluster cluster, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(cluster.Dispose);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
