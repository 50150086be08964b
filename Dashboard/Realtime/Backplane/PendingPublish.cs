namespace Dashboard.Realtime.Backplane;

/// <summary>
/// A message waiting for its seq: the envelope is serialised before sequencing, split around the seq
/// (<see cref="Head"/> ends with <c>"seq":</c>, <see cref="Tail"/> starts after it), so the database completes it
/// without parsing JSON.
/// </summary>
internal sealed class PendingPublish
{
    public required string Tenant { get; init; }

    public required string Topic { get; init; }

    public required string Type { get; init; }

    public required bool IsSnapshot { get; init; }

    /// <summary>Identifies the message across retries (<c>realtime_messages.publish_id</c>).</summary>
    public Guid Id { get; } = Guid.CreateVersion7();

    /// <summary><c>{"type":"…","topic":"…","seq":</c></summary>
    public required byte[] Head { get; init; }

    /// <summary><c>,"ts":"…","data":{…}}</c></summary>
    public required byte[] Tail { get; init; }

    /// <summary>Completed with the seq once committed, or faulted when the database refused the message.</summary>
    public TaskCompletionSource<long> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
