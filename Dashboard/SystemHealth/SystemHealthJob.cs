using Dashboard.Jobs;
using Dashboard.Publishing;
using Dashboard.Realtime;
using Dashboard.Realtime.Backplane;
using Quartz;

namespace Dashboard.SystemHealth;

/// <summary>
/// Quartz job, every <c>Jobs:SystemIntervalSeconds</c>: publishes <c>system_health_update</c> on <c>system</c> to every
/// tenant with state (the topic needs <c>admin</c>; any tenant's admins may watch it).
/// </summary>
/// <remarks>
/// With a clustered store each firing runs on ONE node, so this reports whichever node ran it (the System page keeps a row
/// per node it has heard from); the backplane delivers it
/// to every node's clients. Per-node health for every node is a later issue.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class SystemHealthJob(
    SystemHealthSampler sampler, KnownTenants tenants, RealtimePublisher publisher, JobServices services) : RecordedJob(services)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var sample = await sampler.SampleAsync(cancellationToken);
        var published = new List<Task>();
        foreach (var tenant in await tenants.AllAsync(cancellationToken))
        {
            published.Add(publisher.PublishAsync(tenant, Topics.System, SystemHealthUpdate.MessageType, sample, isSnapshot: true, cancellationToken));
        }

        await Task.WhenAll(published);
    }
}
