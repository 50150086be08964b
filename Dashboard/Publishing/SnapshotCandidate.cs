namespace Dashboard.Publishing;

/// <summary>One snapshot a job may publish: the payload, and the value it is compared by (the payload without its time).</summary>
/// <param name="Tenant">The stream's tenant.</param>
/// <param name="Topic">The stream's topic.</param>
/// <param name="Type">The message type.</param>
/// <param name="Payload">The message data, serialised only when published.</param>
/// <param name="Comparable">What "unchanged" compares by value: the payload with <c>computedAt</c> cleared.</param>
/// <param name="OnlyIfStreamExists">Skip it while the stream has no snapshot yet (an empty payload nobody needs).</param>
internal readonly record struct SnapshotCandidate(
    string Tenant, string Topic, string Type, object Payload, object Comparable, bool OnlyIfStreamExists = false);
