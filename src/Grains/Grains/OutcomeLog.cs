namespace Orleans.Dispatch.Grains;

/// <summary>
/// The group's memory of finished dispatches, by message id, for idempotency: bounded by count
/// (oldest dropped first) and by age. In memory only: it is lost with the group's activation.
/// </summary>
internal sealed class OutcomeLog(int capacity, long lifetimeTicks)
{
    private readonly Dictionary<string, OutcomeRecord> records = new(StringComparer.Ordinal);
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
        if (records.TryAdd(record.MessageId, record))
        {
            order.Enqueue((record.MessageId, now));
            while (records.Count > capacity)
            {
                records.Remove(order.Dequeue().MessageId);
            }
        }
    }

    /// <summary>Finds the record of a message id that ended within the window.</summary>
    public OutcomeRecord? Find(string messageId, long now)
    {
        Trim(now);
        return records.GetValueOrDefault(messageId);
    }

    private void Trim(long now)
    {
        while (order.TryPeek(out var oldest) && now - oldest.RecordedAt >= lifetimeTicks)
        {
            order.Dequeue();
            records.Remove(oldest.MessageId);
        }
    }
}
