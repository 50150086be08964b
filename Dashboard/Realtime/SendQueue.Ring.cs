namespace Dashboard.Realtime;

/// <summary>
/// The queue's storage: a ring of entries in one array, so a delivery allocates nothing (a linked list allocated a node
/// per message per subscriber) and the reader takes a batch from contiguous memory. Every entry appended gets the next
/// <em>position</em>; a superseded snapshot is removed by emptying its slot, which the reader skips, and compaction
/// renumbers the positions after it (the snapshot index with them).
/// </summary>
/// <remarks>
/// Emptied slots cannot pile up behind a stalled reader: a full ring is compacted instead of grown whenever at most half
/// its slots hold entries, so it grows only past twice its live entries: its length stays under four times the most
/// entries it has held at once (at least <see cref="InitialRingSlots"/>; at most 2,048 slots, 48 KiB, with the default
/// bound of 1,024 messages, past which the queue overflows), and the heartbeat sweep drops it once drained
/// (<see cref="TrimIfIdle"/>). All members run under the queue's lock.
/// </remarks>
internal sealed partial class SendQueue
{
    private const int InitialRingSlots = 8;

    // Null while idle (TrimIfIdle); its length is a power of two.
    private Entry[]? _ring;
    // The slot of the oldest entry or emptied slot, and how many slots from there are in use (emptied ones included).
    private int _head;
    private int _slots;
    // Entries queued (emptied slots excluded).
    private int _count;
    // The position of the slot at _head.
    private long _headPosition;

    /// <summary>Slots the ring holds now (entries and emptied slots; 0 while idle): what the queue's storage costs.</summary>
    internal int RingSlots
    {
        get
        {
            lock (_lock)
            {
                return _ring?.Length ?? 0;
            }
        }
    }

    /// <summary>Appends <paramref name="entry"/>; returns its position.</summary>
    private long Append(Entry entry)
    {
        var ring = _ring ??= new Entry[InitialRingSlots];
        if (_slots == ring.Length)
        {
            ring = Rebuild(_count * 2 > ring.Length ? ring.Length * 2 : ring.Length);
        }

        ring[(_head + _slots) & (ring.Length - 1)] = entry;
        _slots++;
        _count++;
        return _headPosition + _slots - 1;
    }

    /// <summary>The entry at <paramref name="position"/> (still queued).</summary>
    private Entry PeekAt(long position) => _ring![SlotOf(position)];

    /// <summary>Removes the entry at <paramref name="position"/> (still queued) and returns it.</summary>
    private Entry RemoveAt(long position)
    {
        ref var slot = ref _ring![SlotOf(position)];
        var entry = slot;
        slot = default;
        _count--;
        return entry;
    }

    /// <summary>
    /// Takes the oldest entry if its JSON is at most <paramref name="maxBytes"/> bytes (emptied slots before it are
    /// passed over either way).
    /// </summary>
    private bool TryTakeFirst(long maxBytes, out Entry entry, out long position)
    {
        while (_slots > 0 && _ring![_head].IsRemoved)
        {
            Advance();
        }

        if (_slots == 0 || _ring![_head].Json.Length > maxBytes)
        {
            (entry, position) = (default, 0);
            return false;
        }

        ref var slot = ref _ring[_head];
        (entry, slot, position) = (slot, default, _headPosition);
        Advance();
        _count--;
        return true;
    }

    private void Advance()
    {
        _head = (_head + 1) & (_ring!.Length - 1);
        _headPosition++;
        _slots--;
    }

    private int SlotOf(long position) => (_head + (int)(position - _headPosition)) & (_ring!.Length - 1);

    /// <summary>Drops the ring (nothing queued); the next entry makes a new one.</summary>
    private void DropRing()
    {
        _headPosition += _slots;
        (_ring, _head, _slots) = (null, 0, 0);
    }

    // Copies the entries in order to the start of a new ring of `length` slots, leaving the emptied slots behind; a
    // queued snapshot keeps its index entry pointing at it (its position is now smaller).
    private Entry[] Rebuild(int length)
    {
        var old = _ring!;
        var ring = new Entry[length];
        var kept = 0;
        for (var i = 0; i < _slots; i++)
        {
            var entry = old[(_head + i) & (old.Length - 1)];
            if (entry.IsRemoved)
            {
                continue;
            }

            if (entry.Message is { IsSnapshot: true } m && _pendingSnapshots is not null
                && _pendingSnapshots.TryGetValue(m.Topic, out var at) && at == _headPosition + i)
            {
                _pendingSnapshots[m.Topic] = _headPosition + kept;
            }

            ring[kept++] = entry;
        }

        (_ring, _head, _slots) = (ring, 0, kept);
        return ring;
    }

    // A message's serialised JSON and, for hub messages, the message (null for control frames). default is an emptied slot.
    private readonly record struct Entry(ReadOnlyMemory<byte> Json, HubMessage? Message)
    {
        public bool IsRemoved => Message is null && Json.IsEmpty;
    }
}
