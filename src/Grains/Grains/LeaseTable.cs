namespace Orleans.Dispatch.Grains;

/// <summary>
/// The attempts in flight in a group: each selection takes a lease on its consumer's capacity,
/// released when the conversation reports back, or when it expires because the conversation was
/// lost (its silo died).
/// </summary>
internal sealed class LeaseTable(Action<int>? inFlightChanged = null)
{
    private readonly Dictionary<long, (ConsumerEntry Entry, long ExpiresAt)> leases = [];
    // Starts at random so a conversation's lease from an earlier activation of the group (lost
    // with its silo) cannot release a lease of this one.
    private long lastLease = Random.Shared.NextInt64(1, long.MaxValue / 2);

    public int Count => leases.Count;

    public long Acquire(ConsumerEntry entry, long expiresAt)
    {
        var lease = ++lastLease;
        entry.InFlight++;
        leases.Add(lease, (entry, expiresAt));
        inFlightChanged?.Invoke(1);
        return lease;
    }

    /// <summary>Releases a lease; a lease already released or expired is ignored, so releases are idempotent.</summary>
    public bool Release(long lease)
    {
        if (!leases.Remove(lease, out var held))
        {
            return false;
        }

        held.Entry.InFlight--;
        inFlightChanged?.Invoke(-1);
        return true;
    }

    /// <summary>Releases every lease that expired at or before <paramref name="now"/>.</summary>
    /// <returns>How many were released.</returns>
    public int ReleaseExpired(long now)
    {
        List<long>? expired = null;
        foreach (var (lease, held) in leases)
        {
            if (held.ExpiresAt <= now)
            {
                (expired ??= []).Add(lease);
            }
        }

        if (expired is null)
        {
            return 0;
        }

        foreach (var lease in expired)
        {
            Release(lease);
        }

        return expired.Count;
    }

    /// <summary>Releases every lease (the group is deactivating: its live counts go with it).</summary>
    public void ReleaseAll()
    {
        foreach (var lease in leases.Keys.ToList())
        {
            Release(lease);
        }
    }
}
