namespace Dashboard.Realtime.Backplane;

/// <summary>A message queued on <see cref="RealtimePublisher"/>, waiting for its batch to give it a seq.</summary>
internal sealed class PendingPublish(PreparedMessage message)
{
    /// <summary>The message (never refused).</summary>
    public PreparedMessage Message { get; } = message;

    public string Tenant => Message.Tenant;

    public string Topic => Message.Topic;

    public string Type => Message.Type;

    /// <summary>Identifies the message across retries (<c>realtime_messages.publish_id</c>).</summary>
    public Guid Id => Message.Id;

    /// <summary>Completed with the seq once committed, or faulted when the database refused the message.</summary>
    public TaskCompletionSource<long> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
