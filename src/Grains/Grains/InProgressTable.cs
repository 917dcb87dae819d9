namespace Orleans.Dispatch.Grains;

/// <summary>
/// The dispatches of a group in progress, by message id, so that a repeat of a message id waits
/// for the dispatch that owns it instead of delivering again. An entry ends when its owner reports
/// how the dispatch ended, or expires when the owner was lost (its silo died).
/// </summary>
internal sealed class InProgressTable
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    /// <summary>Makes the caller the owner of <paramref name="messageId"/>, unless a dispatch of it is already in progress.</summary>
    /// <returns>Null when the caller is now the owner; otherwise the fingerprint of the dispatch in progress.</returns>
    public Guid? TryBegin(string messageId, Guid fingerprint, long expiresAt)
    {
        if (entries.TryGetValue(messageId, out var existing))
        {
            return existing.Fingerprint;
        }

        entries.Add(messageId, new Entry(fingerprint, expiresAt));
        return null;
    }

    /// <summary>Extends the owner's claim on <paramref name="messageId"/>: it is still routing.</summary>
    public void Renew(string messageId, long expiresAt)
    {
        if (entries.TryGetValue(messageId, out var entry))
        {
            entry.ExpiresAt = expiresAt;
        }
    }

    /// <summary>Ends the dispatch of <paramref name="messageId"/>: its waiters get <paramref name="record"/> (null: dispatch it yourselves).</summary>
    public void End(string messageId, OutcomeRecord? record)
    {
        if (entries.Remove(messageId, out var entry))
        {
            entry.Finished.TrySetResult(record);
        }
    }

    /// <summary>Waits for the dispatch of <paramref name="messageId"/> in progress; null at once when there is none.</summary>
    public Task<OutcomeRecord?> WaitAsync(string messageId) =>
        entries.TryGetValue(messageId, out var entry) ? entry.Finished.Task : Task.FromResult<OutcomeRecord?>(null);

    /// <summary>Ends every dispatch whose owner has not reported back by <paramref name="now"/>; its waiters dispatch it themselves.</summary>
    public int ExpireOld(long now)
    {
        List<string>? expired = null;
        foreach (var (messageId, entry) in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                (expired ??= []).Add(messageId);
            }
        }

        foreach (var messageId in expired ?? [])
        {
            End(messageId, null);
        }

        return expired?.Count ?? 0;
    }

    private sealed class Entry(Guid fingerprint, long expiresAt)
    {
        public Guid Fingerprint { get; } = fingerprint;

        public long ExpiresAt { get; set; } = expiresAt;

        public TaskCompletionSource<OutcomeRecord?> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
