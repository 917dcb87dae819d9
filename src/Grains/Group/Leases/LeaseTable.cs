using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Group.Leases;

/// <summary>
/// The attempts in flight in a group: each selection takes a lease on its consumer's capacity for
/// the dispatch that asked (its owner token), released when that dispatch reports back, or when it
/// expires because the dispatch was lost (its silo died).
/// </summary>
internal sealed class LeaseTable(Action<int>? inFlightChanged = null, GroupHealth? health = null)
{
    private readonly Dictionary<long, Lease> leases = [];

    // Starts at random so a conversation's lease from an earlier activation of the group (lost
    // with its silo) cannot release a lease of this one.
    private long lastLease = Random.Shared.NextInt64(1, long.MaxValue / 2);

    public int Count => leases.Count;

    /// <summary>Takes a lease on one unit of <paramref name="entry"/>'s capacity for <paramref name="owner"/>, at <paramref name="now"/>; <paramref name="trial"/> when it is a probing consumer's trial.</summary>
    public long Acquire(ConsumerEntry entry, long expiresAt, Guid owner, long now = 0, bool trial = false)
    {
        var lease = ++lastLease;
        entry.InFlight++;
        leases.Add(lease, new Lease(entry, expiresAt, owner, now, trial));
        inFlightChanged?.Invoke(1);
        return lease;
    }

    /// <summary>Whether <paramref name="lease"/> is still held.</summary>
    public bool Holds(long lease) => leases.ContainsKey(lease);

    /// <summary>
    /// Releases a lease of <paramref name="owner"/>; a lease already released or expired, or held
    /// by another dispatch, is left as it is, so releases are idempotent and never cross owners.
    /// </summary>
    public bool Release(long lease, Guid owner) => Release(lease, owner, AttemptEnd.None, 0, null, out _);

    /// <summary>
    /// Releases a lease of <paramref name="owner"/> whose attempt ended as <paramref name="end"/>
    /// (after the message's <paramref name="crashes"/>, the last one <paramref name="failure"/>), and
    /// tells the group's health tracking; <paramref name="counted"/> is set when the end was a counted
    /// crash outside a trial, whose reroute spends the budget.
    /// </summary>
    public bool Release(long lease, Guid owner, AttemptEnd end, int crashes, string? failure, out bool counted)
    {
        counted = false;
        if (lease == 0 || !leases.TryGetValue(lease, out var held) || held.Owner != owner || !leases.Remove(lease))
        {
            return false;
        }

        held.Entry.InFlight--;
        inFlightChanged?.Invoke(-1);
        if (health is not null)
        {
            counted = health.Released(held.Entry, held.AcquiredAt, held.Trial, end, crashes, failure);
        }

        return true;
    }

    /// <summary>Releases every lease that expired at or before <paramref name="now"/>.</summary>
    /// <returns>How many were released.</returns>
    public int ReleaseExpired(long now)
    {
        var expired = leases.Where(l => l.Value.ExpiresAt <= now).ToList();
        foreach (var (lease, held) in expired)
        {
            Release(lease, held.Owner);
        }

        return expired.Count;
    }

    /// <summary>The leases held, for the next activation: lease, consumer, owner and how long each has left.</summary>
    public IEnumerable<(long Lease, ConsumerId Consumer, Guid Owner, long ExpiresAt)> Held() =>
        leases.Select(l => (l.Key, l.Value.Entry.Id, l.Value.Owner, l.Value.ExpiresAt));

    /// <summary>Takes a lease the previous activation handed over, counted against <paramref name="entry"/> as it was there.</summary>
    public void Restore(long lease, ConsumerEntry entry, long expiresAt, Guid owner)
    {
        if (leases.TryAdd(lease, new Lease(entry, expiresAt, owner, 0, false)))
        {
            entry.InFlight++;
            lastLease = Math.Max(lastLease, lease);
            inFlightChanged?.Invoke(1);
        }
    }

    /// <summary>Releases every lease (the group is deactivating: its live counts go with it).</summary>
    public void ReleaseAll()
    {
        foreach (var (lease, held) in leases.ToList())
        {
            Release(lease, held.Owner);
        }
    }

    private readonly record struct Lease(ConsumerEntry Entry, long ExpiresAt, Guid Owner, long AcquiredAt, bool Trial);
}
