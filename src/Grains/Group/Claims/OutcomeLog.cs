using System.Runtime.InteropServices;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// The group's memory of finished dispatches, by message id, for idempotency: bounded by count
/// (oldest dropped first) and by age. In memory only: it is lost with the group's activation.
/// </summary>
/// <remarks>
/// Records are kept as <see cref="KeptOutcome"/> values under <see cref="MessageIdKey"/> keys, so a
/// delivery at the first try of a short ASCII message id costs the log no object of its own: who
/// delivered it is shared, one <see cref="DeliveredBy"/> per consumer, through a table of the
/// consumers seen (cleared when it outgrows <see cref="SharedValuesLimit"/>).
/// </remarks>
internal sealed class OutcomeLog(int capacity, long lifetimeTicks)
{
    /// <summary>How many consumers the sharing table holds before it starts over.</summary>
    internal const int SharedValuesLimit = 4_096;

    private readonly Dictionary<MessageIdKey, KeptOutcome> records = [];
    private readonly Queue<(MessageIdKey MessageId, long RecordedAt)> order = new();
    private readonly Dictionary<ConsumerId, DeliveredBy> deliverers = [];

    public int Count => records.Count;

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
        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(records, key, out var recorded);
        if (recorded)
        {
            return;
        }

        kept = KeptOutcome.KeepsAsValues(record) ? KeptOutcome.Delivered(record, now, SharedDeliverer(record.Outcome!)) : KeptOutcome.Whole(record, now);
        order.Enqueue((key, now));
        while (records.Count > capacity && order.TryDequeue(out var oldest))
        {
            RemoveIfCurrent(oldest);
        }
    }

    /// <summary>Finds the record of a message id that ended within the window (an equal copy of the one recorded).</summary>
    public OutcomeRecord? Find(string messageId, long now)
    {
        Trim(now);
        return records.TryGetValue(MessageIdKey.For(messageId), out var kept) ? kept.ToRecord(messageId) : null;
    }

    /// <summary>Forgets how <paramref name="messageId"/> ended, so it can be dispatched again (a dead letter re-dispatched).</summary>
    public void Forget(string messageId) => records.Remove(MessageIdKey.For(messageId));

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

    private void Trim(long now)
    {
        while (order.TryPeek(out var oldest) && now - oldest.RecordedAt >= lifetimeTicks)
        {
            order.Dequeue();
            RemoveIfCurrent(oldest);
        }
    }

    /// <summary>Removes the record the queue entry stands for, not a later record of the same id (one forgotten and recorded again).</summary>
    private void RemoveIfCurrent((MessageIdKey MessageId, long RecordedAt) entry)
    {
        if (records.Remove(entry.MessageId, out var current) && current.RecordedAt != entry.RecordedAt)
        {
            records.Add(entry.MessageId, current);
        }
    }
}
