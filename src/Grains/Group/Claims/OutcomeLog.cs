using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// The group's memory of finished dispatches, by message id, for idempotency: bounded by count
/// (oldest dropped first) and by age. In memory only: it is lost with the group's activation.
/// </summary>
internal sealed class OutcomeLog(int capacity, long lifetimeTicks)
{
    private readonly Dictionary<string, (OutcomeRecord Record, long RecordedAt)> records = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, long RecordedAt)> order = new();

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
        if (records.TryAdd(record.MessageId, (record, now)))
        {
            order.Enqueue((record.MessageId, now));
            while (records.Count > capacity && order.TryDequeue(out var oldest))
            {
                RemoveIfCurrent(oldest);
            }
        }
    }

    /// <summary>Finds the record of a message id that ended within the window.</summary>
    public OutcomeRecord? Find(string messageId, long now)
    {
        Trim(now);
        return records.TryGetValue(messageId, out var entry) ? entry.Record : null;
    }

    /// <summary>Forgets how <paramref name="messageId"/> ended, so it can be dispatched again (a dead letter re-dispatched).</summary>
    public void Forget(string messageId) => records.Remove(messageId);

    private void Trim(long now)
    {
        while (order.TryPeek(out var oldest) && now - oldest.RecordedAt >= lifetimeTicks)
        {
            order.Dequeue();
            RemoveIfCurrent(oldest);
        }
    }

    /// <summary>Removes the record the queue entry stands for, not a later record of the same id.</summary>
    private void RemoveIfCurrent((string MessageId, long RecordedAt) entry)
    {
        if (records.TryGetValue(entry.MessageId, out var current) && current.RecordedAt == entry.RecordedAt)
        {
            records.Remove(entry.MessageId);
        }
    }
}
