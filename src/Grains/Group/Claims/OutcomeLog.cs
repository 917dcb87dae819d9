using System.Numerics;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// The group's memory of finished dispatches, by message id, for idempotency: each record is kept
/// for the window, within a memory bound (the oldest dropped first when it is reached). In memory
/// only: it is lost with the group's activation.
/// </summary>
/// <remarks>
/// <para>
/// A record costs about <see cref="RecordBytes"/> (56 bytes): its id's 128-bit hash (16), a
/// <see cref="KeptOutcome"/> (32) and its share of the index (1.5 to 3 slots of 4 bytes). Who delivered it is shared, one
/// <see cref="DeliveredBy"/> per consumer, through a table of the consumers seen (cleared when it
/// outgrows <see cref="SharedValuesLimit"/>). A record kept whole (a reroute, a failure, a wait, an
/// ordered message) counts <see cref="WholeRecordBytes"/> more for its objects.
/// </para>
/// <para>
/// The records lie in a ring in the order they were recorded, which is the order they leave in
/// (by age or past the bound), and an open-addressing index of ring positions finds them. The ring
/// grows by doubling up to the most records the bound holds, so the arrays never outgrow it.
/// </para>
/// </remarks>
internal sealed class OutcomeLog(long memoryLimit, long lifetimeTicks)
{
    /// <summary>What one record costs the log: its key, its value and its share of the index (about two slots).</summary>
    public const int RecordBytes = 56;

    /// <summary>What a record kept whole costs beside <see cref="RecordBytes"/> (its objects, estimated).</summary>
    public const int WholeRecordBytes = 512;

    /// <summary>How many consumers the sharing table holds before it starts over.</summary>
    internal const int SharedValuesLimit = 4_096;

    /// <summary>The ring's first length; it doubles when full.</summary>
    private const int FirstLength = 16;

    /// <summary>The most records any bound may hold (the index's length must stay an array's).</summary>
    private const int MostRecords = 1 << 28;

    private readonly int maxRecords = (int)Math.Min(MostRecords, Math.Max(0, memoryLimit) / RecordBytes);
    private readonly Dictionary<ConsumerId, DeliveredBy> deliverers = [];
    private MessageIdKey[] keys = [];
    private KeptOutcome[] values = [];
    private int[] slots = [];
    private long oldest;
    private long next;
    private long lastEarlyDropAt = long.MinValue / 2;

    /// <summary>How many records the log holds.</summary>
    public int Count { get; private set; }

    /// <summary>The memory its records are counted at: <see cref="RecordBytes"/> each, and <see cref="WholeRecordBytes"/> more for each kept whole.</summary>
    public long Bytes => ((long)Count * RecordBytes) + ((long)Wholes * WholeRecordBytes);

    /// <summary>How many records were dropped for the memory bound while younger than the window, since the log began.</summary>
    public long DroppedEarly { get; private set; }

    public bool Enabled => maxRecords > 0 && lifetimeTicks > 0;

    private int Wholes { get; set; }

    /// <summary>
    /// How far back the log remembers at <paramref name="now"/>: the window, unless the memory
    /// bound dropped records younger than it within the last window; then the age of the oldest
    /// record held.
    /// </summary>
    public long HeldTicks(long now)
    {
        if (!Enabled)
        {
            return 0;
        }

        Trim(now);
        if (now - lastEarlyDropAt >= lifetimeTicks)
        {
            return lifetimeTicks;
        }

        for (var position = oldest; position < next; position++)
        {
            var kept = values[(int)(position % keys.Length)];
            if (!kept.IsEmpty)
            {
                return Math.Min(lifetimeTicks, now - kept.RecordedAt);
            }
        }

        return 0;
    }

    /// <summary>Records how a dispatch ended; a message id already recorded keeps its first record.</summary>
    /// <returns>How many records younger than the window this dropped for the memory bound.</returns>
    public int Record(OutcomeRecord record, long now)
    {
        if (!Enabled)
        {
            return 0;
        }

        Trim(now);
        var key = MessageIdKey.For(record.MessageId);
        if (SlotOf(key) >= 0)
        {
            return 0;
        }

        var droppedBefore = DroppedEarly;
        if (next - oldest == keys.Length)
        {
            if (keys.Length < maxRecords)
            {
                Rebuild((int)Math.Min(maxRecords, keys.Length == 0 ? FirstLength : keys.Length * 2L));
            }
            else if (Count < keys.Length)
            {
                // Places left empty by forgotten records: close them up rather than drop a record.
                Rebuild(keys.Length);
            }
            else
            {
                DropOldest(now);
            }
        }

        var entry = (int)(next++ % keys.Length);
        var kept = KeptOutcome.KeepsAsValues(record) ? KeptOutcome.Delivered(record, now, SharedDeliverer(record.Outcome!)) : KeptOutcome.Kept(record, now);
        keys[entry] = key;
        values[entry] = kept;
        Index(entry, key.Code);
        Count++;
        Wholes += kept.IsWhole ? 1 : 0;
        while (Bytes > memoryLimit && Count > 1)
        {
            DropOldest(now);
        }

        return (int)(DroppedEarly - droppedBefore);
    }

    /// <summary>Finds the record of a message id that ended within the window (an equal copy of the one recorded).</summary>
    public OutcomeRecord? Find(string messageId, long now)
    {
        Trim(now);
        if (Count == 0)
        {
            return null;
        }

        var slot = SlotOf(MessageIdKey.For(messageId));
        return slot < 0 ? null : values[slots[slot]].ToRecord(messageId);
    }

    /// <summary>Forgets how <paramref name="messageId"/> ended, so it can be dispatched again (a dead letter re-dispatched).</summary>
    public void Forget(string messageId)
    {
        if (Count == 0)
        {
            return;
        }

        var slot = SlotOf(MessageIdKey.For(messageId));
        if (slot >= 0)
        {
            // Its place in the ring stays, empty, until its turn to leave comes.
            var entry = slots[slot];
            Unindex(slot);
            Remove(entry);
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
            DropOldest(now);
        }
    }

    /// <summary>Drops the oldest place in the ring: its record, unless it was forgotten (left empty).</summary>
    private void DropOldest(long now)
    {
        var entry = (int)(oldest++ % keys.Length);
        var kept = values[entry];
        if (!kept.IsEmpty)
        {
            if (now - kept.RecordedAt < lifetimeTicks)
            {
                DroppedEarly++;
                lastEarlyDropAt = now;
            }

            Unindex(SlotOfEntry(entry));
            Remove(entry);
        }

        keys[entry] = default;
    }

    /// <summary>Empties ring entry <paramref name="entry"/> (already out of the index).</summary>
    private void Remove(int entry)
    {
        Wholes -= values[entry].IsWhole ? 1 : 0;
        values[entry] = default;
        Count--;
    }

    /// <summary>The slot of the record under <paramref name="key"/>, or -1.</summary>
    private int SlotOf(in MessageIdKey key)
    {
        if (slots.Length == 0)
        {
            return -1;
        }

        var mask = slots.Length - 1;
        for (var slot = key.Code & mask; slots[slot] >= 0; slot = (slot + 1) & mask)
        {
            if (keys[slots[slot]] == key)
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
        var slot = keys[entry].Code & mask;
        while (slots[slot] != entry)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Index(int entry, int code)
    {
        var mask = slots.Length - 1;
        var slot = code & mask;
        while (slots[slot] >= 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = entry;
    }

    /// <summary>Empties <paramref name="slot"/>, moving back the slots after it that would no longer be found (linear probing's deletion).</summary>
    private void Unindex(int slot)
    {
        var mask = slots.Length - 1;
        var empty = slot;
        for (var after = (slot + 1) & mask; slots[after] >= 0; after = (after + 1) & mask)
        {
            if (!Between(keys[slots[after]].Code & mask, empty, after))
            {
                slots[empty] = slots[after];
                empty = after;
            }
        }

        slots[empty] = -1;
    }

    /// <summary>Moves the records, in their order and without the places left empty, to a ring of <paramref name="length"/>, and builds the index again.</summary>
    private void Rebuild(int length)
    {
        var (oldKeys, oldValues) = (keys, values);
        (keys, values) = (new MessageIdKey[length], new KeptOutcome[length]);
        slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)(length + (length / 2) + 1))];
        Array.Fill(slots, -1);
        var to = 0;
        for (var position = oldest; position < next; position++)
        {
            var from = (int)(position % oldKeys.Length);
            if (!oldValues[from].IsEmpty)
            {
                (keys[to], values[to]) = (oldKeys[from], oldValues[from]);
                Index(to, keys[to].Code);
                to++;
            }
        }

        (oldest, next) = (0, to);
    }
}
