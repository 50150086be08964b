using Dashboard.Realtime;

namespace Dashboard.Tests.Realtime;

/// <summary>
/// A <see cref="SendQueue"/>'s owner for tests of the queue alone: what the connection would count or do, handed to
/// the given callbacks (each may be null).
/// </summary>
internal sealed class QueueOwner(
    Action<string>? onCoalesced = null, Func<string, byte[]>? resyncFrame = null, Action? onOverflowed = null) : ISendQueueOwner
{
    public void Coalesced(string topic) => onCoalesced?.Invoke(topic);

    public void Resumed(bool replayed)
    {
    }

    public void Overflowed() => onOverflowed?.Invoke();

    public byte[]? ResyncFrame(string topic) => resyncFrame?.Invoke(topic);
}
