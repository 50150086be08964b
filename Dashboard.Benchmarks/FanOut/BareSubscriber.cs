using System.Threading.Channels;

namespace Dashboard.Benchmarks.FanOut;

/// <summary>
/// One socket's queue in the bare broadcaster (<see cref="BareBroadcaster"/>): a single-reader channel, bounded as the
/// Dashboard's <c>SendQueue</c> (messages and payload bytes held); past a bound it stops accepting and
/// <see cref="Overflowed"/> tells the writer loop to drop what is queued and close with 4008.
/// </summary>
/// <remarks>
/// The bounds are counted with interlocked adds rather than a lock, and the channel is lock-free for its one reader,
/// so a publish to N sockets costs N enqueues and nothing else: the floor should not pay for a lock it does not need.
/// </remarks>
internal sealed class BareSubscriber(int maxMessages, long maxBytes)
{
    private readonly Channel<BareFrame> _queue = Channel.CreateUnbounded<BareFrame>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private long _messages;
    private long _bytes;
    private int _overflowed;

    /// <summary>True once a bound was exceeded: nothing more is accepted, what is queued is never sent.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    public ChannelReader<BareFrame> Reader => _queue.Reader;

    /// <summary>Queues <paramref name="frame"/> unless a bound is exceeded (then the queue closes for good).</summary>
    public void Offer(BareFrame frame)
    {
        if (Overflowed)
        {
            return;
        }

        var messages = Interlocked.Increment(ref _messages);
        var bytes = Interlocked.Add(ref _bytes, frame.PayloadLength);
        if (messages > maxMessages || bytes > maxBytes)
        {
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                _queue.Writer.TryComplete();
            }

            return;
        }

        _queue.Writer.TryWrite(frame);
    }

    /// <summary>The writer loop took <paramref name="count"/> frames of <paramref name="payloadBytes"/> off the queue.</summary>
    public void Sent(int count, long payloadBytes)
    {
        Interlocked.Add(ref _messages, -count);
        Interlocked.Add(ref _bytes, -payloadBytes);
    }

    /// <summary>No more messages (the client closed, or the server is closing): the writer ends after what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
