using Dashboard.Realtime;
using System.Text.Json;

namespace Dashboard.Tests.Infrastructure;

/// <summary>A hub subscriber that records every message and lets a test await one that matches.</summary>
internal sealed class RecordingSubscriber : IHubSubscriber
{
    private readonly Lock _gate = new();
    private readonly List<HubMessage> _messages = [];
    private readonly List<string> _resyncs = [];
    private readonly List<(Func<HubMessage, bool> Match, TaskCompletionSource<HubMessage> Done)> _waiters = [];

    public IReadOnlyList<HubMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Subscribes to (<paramref name="tenant"/>, <paramref name="topic"/>), recording its current snapshot first.</summary>
    public RecordingSubscriber Subscribe(RealtimeHub hub, string tenant, string topic)
    {
        hub.Subscribe(tenant, topic, this, since: null, start =>
        {
            if (start.Snapshot is { } snapshot)
            {
                Deliver(snapshot);
            }
        });
        return this;
    }

    public void Deliver(HubMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                waiter.Done.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The topics of every <c>resync</c> received, in order (<see cref="Messages"/> holds the snapshots that followed).</summary>
    public IReadOnlyList<string> Resyncs
    {
        get
        {
            lock (_gate)
            {
                return [.. _resyncs];
            }
        }
    }

    public void Resync(string topic, HubMessage? snapshot)
    {
        lock (_gate)
        {
            _resyncs.Add(topic);
        }

        if (snapshot is not null)
        {
            Deliver(snapshot);
        }
    }

    /// <summary>The first message (already received or still to come) matching <paramref name="match"/>, within <paramref name="timeout"/>.</summary>
    public async Task<HubMessage> WaitForAsync(Func<HubMessage, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<HubMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_messages.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waiters.Add((match, done));
        }

        return await done.Task.WaitAsync(timeout);
    }

    /// <summary>The envelope's <c>data</c> object.</summary>
    public static JsonElement Data(HubMessage message) => JsonDocument.Parse(message.Json).RootElement.GetProperty("data").Clone();
}
