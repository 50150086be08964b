namespace Dashboard.Realtime;

public sealed partial class RealtimeHub
{
    private sealed class TopicStream(int historySize)
    {
        // Allocated on the first publish: a stream that is only subscribed to costs no history.
        private HubMessage?[]? _history;
        private int _historyCount;
        public long Seq;
        public HubMessage? Snapshot;
        public HubMessage? Last;
        public IHubSubscriber[] Subscribers = [];
        public bool Retired;

        // Publishers waiting for their message to reach this node (RealtimePublisher); usually none.
        private List<(long Seq, TaskCompletionSource Done)>? _waiters;

        public int HistoryCount => _historyCount;

        public bool HasWaiters => _waiters is not null;

        public Task AddWaiter(long seq)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters ??= []).Add((seq, done));
            return done.Task;
        }

        public void ReleaseWaiters()
        {
            if (_waiters is null)
            {
                return;
            }

            var seq = Seq;
            _waiters.RemoveAll(w => w.Done.Task.IsCompleted || (w.Seq <= seq && w.Done.TrySetResult()));
            if (_waiters.Count == 0)
            {
                _waiters = null;
            }
        }

        public void ClearHistory()
        {
            if (_history is not null)
            {
                Array.Clear(_history);
            }

            _historyCount = 0;
        }

        // Oldest entries first (timestamps rise with seq); the array itself goes once it is empty.
        public int Prune(DateTimeOffset cutoff)
        {
            var released = 0;
            while (_historyCount > 0)
            {
                var index = (int)((Seq - _historyCount + 1) % _history!.Length);
                if (_history[index]!.Timestamp >= cutoff)
                {
                    break;
                }

                _history[index] = null;
                _historyCount--;
                released++;
            }

            if (_historyCount == 0)
            {
                _history = null;
            }

            return released;
        }

        public void Remember(HubMessage message)
        {
            if (historySize == 0)
            {
                return;
            }

            _history ??= new HubMessage?[historySize];
            _history[(int)(message.Seq % _history.Length)] = message;
            _historyCount = Math.Min(_historyCount + 1, _history.Length);
        }

        // Messages with seq > since, in order; null when some are no longer kept, are older than notBefore (HistoryTtl),
        // or since is from another epoch.
        public IReadOnlyList<HubMessage>? After(long since, DateTimeOffset notBefore)
        {
            if (since == Seq)
            {
                return [];
            }

            var oldest = Seq - _historyCount + 1;
            if (since > Seq || since + 1 < oldest || since < 0)
            {
                return null;
            }

            var result = new HubMessage[Seq - since];
            for (var seq = since + 1; seq <= Seq; seq++)
            {
                result[seq - since - 1] = _history![(int)(seq % _history.Length)]!;
            }

            // Timestamps rise with seq, so the oldest missed message decides.
            if (result[0].Timestamp < notBefore)
            {
                return null;
            }

            return result;
        }
    }
}
