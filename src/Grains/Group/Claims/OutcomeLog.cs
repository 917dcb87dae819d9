using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// The group's memory of finished dispatches, by message id, for idempotency: bounded by count
/// (oldest dropped first) and by age. In memory only: it is lost with the group's activation.
/// </summary>
/// <remarks>
/// <para>
/// Records are kept as <see cref="KeptOutcome"/> values under <see cref="MessageIdKey"/> keys, so a
/// delivery at the first try of a short ASCII message id costs the log no object of its own: who
/// delivered it is shared, one <see cref="DeliveredBy"/> per consumer, through a table of the
/// consumers seen (cleared when it outgrows <see cref="SharedValuesLimit"/>).
/// </para>
/// <para>
/// The records lie in a ring in the order they were recorded, which is the order they leave in
/// (by age or past the capacity), and an open-addressing index of ring positions and hash codes
/// finds them. A lookup of an id the log does not hold, the common case, reads the index alone:
/// eight bytes a slot, where a dictionary's entry of the key and the record is over a hundred.
/// </para>
/// </remarks>
internal sealed class OutcomeLog(int capacity, long lifetimeTicks)
{
    /// <summary>How many consumers the sharing table holds before it starts over.</summary>
    internal const int SharedValuesLimit = 4_096;

    /// <summary>The ring's first length; it doubles when full.</summary>
    private const int FirstLength = 16;

    private readonly Dictionary<ConsumerId, DeliveredBy> deliverers = [];
    private MessageIdKey[] keys = [];
    private KeptOutcome[] values = [];
    private int[] hashes = [];
    private Slot[] slots = [];
    private long oldest;
    private long next;

    /// <summary>How many records the log holds.</summary>
    public int Count { get; private set; }

    public bool Enabled => capacity > 0 && lifetimeTicks > 0;

    /// <summary>Records how a dispatch ended; a message id already recorded keeps its first record.</summary>
    public void Record(OutcomeRecord record, long now)
    {
        if (!Enabled)
        {
            return;
        }

        Trim(now);
        var key = MessageIdKey.For(record.MessageId);
        var hash = key.GetHashCode();
        if (SlotOf(key, hash) >= 0)
        {
            return;
        }

        if (next - oldest == keys.Length)
        {
            Grow();
        }

        var entry = (int)(next++ % keys.Length);
        keys[entry] = key;
        values[entry] = KeptOutcome.KeepsAsValues(record) ? KeptOutcome.Delivered(record, now, SharedDeliverer(record.Outcome!)) : KeptOutcome.Whole(record, now);
        hashes[entry] = hash;
        Index(entry, hash);
        Count++;
        while (Count > capacity)
        {
            DropOldest();
        }
    }

    /// <summary>Finds the record of a message id that ended within the window (an equal copy of the one recorded).</summary>
    public OutcomeRecord? Find(string messageId, long now)
    {
        Trim(now);
        if (Count == 0)
        {
            return null;
        }

        var key = MessageIdKey.For(messageId);
        var slot = SlotOf(key, key.GetHashCode());
        return slot < 0 ? null : values[slots[slot].Entry].ToRecord(messageId);
    }

    /// <summary>Forgets how <paramref name="messageId"/> ended, so it can be dispatched again (a dead letter re-dispatched).</summary>
    public void Forget(string messageId)
    {
        if (Count == 0)
        {
            return;
        }

        var key = MessageIdKey.For(messageId);
        var slot = SlotOf(key, key.GetHashCode());
        if (slot >= 0)
        {
            // Its place in the ring stays, empty, until its turn to leave comes.
            var entry = slots[slot].Entry;
            Unindex(slot);
            values[entry] = default;
            Count--;
        }
    }

    /// <summary>Whether slot <paramref name="home"/> lies in the cyclic range after <paramref name="from"/> up to <paramref name="to"/>.</summary>
    private static bool Between(int home, int from, int to) => from <= to ? home > from && home <= to : home > from || home <= to;

    /// <summary>The shared <see cref="DeliveredBy"/> equal to who delivered <paramref name="outcome"/>.</summary>
    private DeliveredBy SharedDeliverer(DispatchOutcome outcome)
    {
        if (deliverers.TryGetValue(outcome.DeliveredTo, out var shared) && string.Equals(shared.Function, outcome.RoutingFunction, StringComparison.Ordinal))
        {
            return shared;
        }

        if (deliverers.Count >= SharedValuesLimit)
        {
            deliverers.Clear();
        }

        return deliverers[outcome.DeliveredTo] = new DeliveredBy(outcome.DeliveredTo, outcome.RoutingFunction);
    }

    /// <summary>Drops the records older than the window, oldest first.</summary>
    private void Trim(long now)
    {
        while (oldest < next && (values[(int)(oldest % keys.Length)] is var kept && (kept.IsEmpty || now - kept.RecordedAt >= lifetimeTicks)))
        {
            DropOldest();
        }
    }

    /// <summary>Drops the oldest place in the ring: its record, unless it was forgotten (left empty).</summary>
    private void DropOldest()
    {
        var entry = (int)(oldest++ % keys.Length);
        if (!values[entry].IsEmpty)
        {
            Unindex(SlotOfEntry(entry));
            Count--;
        }

        keys[entry] = default;
        values[entry] = default;
    }

    /// <summary>The slot of the record under <paramref name="key"/>, or -1.</summary>
    private int SlotOf(in MessageIdKey key, int hash)
    {
        if (slots.Length == 0)
        {
            return -1;
        }

        var mask = slots.Length - 1;
        for (var slot = hash & mask; slots[slot].Entry >= 0; slot = (slot + 1) & mask)
        {
            if (slots[slot].Hash == hash && keys[slots[slot].Entry].Equals(key))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>The slot that points at ring entry <paramref name="entry"/> (which is indexed).</summary>
    private int SlotOfEntry(int entry)
    {
        var mask = slots.Length - 1;
        var slot = hashes[entry] & mask;
        while (slots[slot].Entry != entry)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Index(int entry, int hash)
    {
        var mask = slots.Length - 1;
        var slot = hash & mask;
        while (slots[slot].Entry >= 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = new Slot(entry, hash);
    }

    /// <summary>Empties <paramref name="slot"/>, moving back the slots after it that would no longer be found (linear probing's deletion).</summary>
    private void Unindex(int slot)
    {
        var mask = slots.Length - 1;
        var empty = slot;
        for (var after = (slot + 1) & mask; slots[after].Entry >= 0; after = (after + 1) & mask)
        {
            if (!Between(slots[after].Hash & mask, empty, after))
            {
                slots[empty] = slots[after];
                empty = after;
            }
        }

        slots[empty] = Slot.Empty;
    }

    /// <summary>Doubles the ring (its places keep their order) and builds the index again, twice the ring's length.</summary>
    private void Grow()
    {
        var length = keys.Length == 0 ? FirstLength : keys.Length * 2;
        var (oldKeys, oldValues, oldHashes) = (keys, values, hashes);
        (keys, values, hashes) = (new MessageIdKey[length], new KeptOutcome[length], new int[length]);
        slots = new Slot[length * 2];
        Array.Fill(slots, Slot.Empty);
        for (var position = oldest; position < next; position++)
        {
            var (from, to) = ((int)(position % oldKeys.Length), (int)(position % length));
            (keys[to], values[to], hashes[to]) = (oldKeys[from], oldValues[from], oldHashes[from]);
            if (!values[to].IsEmpty)
            {
                Index(to, hashes[to]);
            }
        }
    }

    /// <summary>A slot of the index: a ring entry (-1: empty) and its key's hash code.</summary>
    private readonly record struct Slot(int Entry, int Hash)
    {
        public static Slot Empty { get; } = new(-1, 0);
    }
}
