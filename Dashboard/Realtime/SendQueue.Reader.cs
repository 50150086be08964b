using System.Threading.Tasks.Sources;

namespace Dashboard.Realtime;

/// <summary>
/// The reader's half of <see cref="SendQueue"/>: taking messages and waiting for them. One reader per queue (the
/// connection's send loop); the queue itself is the awaited source, reset for every wait, so a waiting reader holds no
/// <see cref="TaskCompletionSource"/> or <see cref="Task"/> of the queue's (docs/limits.md, "Memory per connection").
/// </summary>
internal sealed partial class SendQueue : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private bool _waiting;
    private CancellationTokenRegistration _cancellation;

    /// <summary>Waits for the next message; <c>Ok</c> is false once completed and drained.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Json, HubMessage? Message)> DequeueAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TryDequeue(out var json, out var message))
            {
                return (true, json, message);
            }

            if (!await WaitToReadAsync(ct))
            {
                return (false, default, null);
            }
        }
    }

    /// <summary>Takes the next message when there is one, without waiting.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> json, out HubMessage? message) => TryDequeue(int.MaxValue, out json, out message);

    /// <summary>Takes the next message when there is one and its JSON is at most <paramref name="maxBytes"/> bytes, without waiting.</summary>
    public bool TryDequeue(int maxBytes, out ReadOnlyMemory<byte> json, out HubMessage? message)
    {
        lock (_lock)
        {
            if (TryTake(maxBytes, out var first))
            {
                (json, message) = (first.Json, first.Message);
                return true;
            }
        }

        (json, message) = (default, null);
        return false;
    }

    /// <summary>
    /// Takes the messages waiting, in order, without waiting: at most <paramref name="into"/>'s length of them and, after
    /// the first (taken whatever its size), only while their payloads add up to at most <paramref name="maxBytes"/>.
    /// One lock for the whole batch, so a publisher contends with the reader once per batch, not per message.
    /// </summary>
    /// <param name="into">Receives the messages' serialised JSON (UTF-8).</param>
    /// <param name="maxBytes">Most payload bytes in one batch (bytes of JSON; a transport's framing is on top).</param>
    /// <returns>Messages taken: 0 when none waits.</returns>
    public int TryDequeueBatch(Span<ReadOnlyMemory<byte>> into, int maxBytes)
    {
        var count = 0;
        long bytes = 0;
        lock (_lock)
        {
            while (count < into.Length && TryTake(count == 0 ? long.MaxValue : maxBytes - bytes, out var first))
            {
                bytes += first.Json.Length;
                into[count++] = first.Json;
            }
        }

        return count;
    }

    // Under the lock: takes the oldest entry if its JSON is at most maxBytes, and forgets it as its topic's queued snapshot.
    private bool TryTake(long maxBytes, out Entry entry)
    {
        if (!TryTakeFirst(maxBytes, out entry, out var position))
        {
            return false;
        }

        _bytes -= entry.Json.Length;
        if (entry.Message is { IsSnapshot: true } m && _pendingSnapshots!.TryGetValue(m.Topic, out var pending) && pending == position)
        {
            _pendingSnapshots.Remove(m.Topic);
        }

        return true;
    }

    /// <summary>
    /// Completes with true when a message may be waiting (call <see cref="TryDequeue(out ReadOnlyMemory{byte}, out HubMessage)"/>), false once completed and
    /// drained. One reader at a time; waiting allocates nothing (the queue is the awaited source).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public ValueTask<bool> WaitToReadAsync(CancellationToken ct = default)
    {
        short version;
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            ct.ThrowIfCancellationRequested();
            _signal.Reset();
            _waiting = true;
            version = _signal.Version;
            if (ct.CanBeCanceled)
            {
                // Under the lock (Lock is reentrant: a token cancelled meanwhile runs CancelWait right here), so the
                // registration is in place before any wake can reach GetResult, which removes it.
                _cancellation = ct.UnsafeRegister(static (state, token) => ((SendQueue)state!).CancelWait(token), this);
            }
        }

        return new ValueTask<bool>(this, version);
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        CancellationTokenRegistration cancellation;
        lock (_lock)
        {
            (cancellation, _cancellation) = (_cancellation, default);
        }

        cancellation.Unregister();
        return _signal.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    private void CancelWait(CancellationToken token)
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _signal.SetException(new OperationCanceledException(token));
    }

    // Under the lock: whether a reader waits (and it no longer does); Wake then completes its wait outside the lock.
    private bool TakeWaiter()
    {
        var waiting = _waiting;
        _waiting = false;
        return waiting;
    }

    private void Wake(bool waiting)
    {
        if (waiting)
        {
            _signal.SetResult(true);
        }
    }
}
