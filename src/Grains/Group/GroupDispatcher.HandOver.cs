using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Group.HandOver;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Group;

/// <summary>The group's dispatch side across its activations: what one hands to the next, and how the next goes on without it.</summary>
internal sealed partial class GroupDispatcher
{
    /// <summary>
    /// The group is deactivating: every waiter asks again (and reaches the next activation), every
    /// lease goes with it. Returns what the next activation needs to go on from (the message ids in
    /// progress and the attempts in flight), or null when nothing is in progress.
    /// </summary>
    public GroupHandOver? Deactivate()
    {
        GroupHandOver? handOver = null;
        if (HoldsAnything)
        {
            handOver = new GroupHandOver(
                ledger.HandOver(),
                [.. leases.Held().Select(l => new HeldLease(l.Lease, l.Consumer.Value, l.Owner, time.WallClockAt(l.ExpiresAt)))]);
        }

        waiting.LetEveryoneGo();
        leases.ReleaseAll();
        return handOver;
    }

    /// <summary>
    /// Goes on from what the previous activation handed over: its message ids in progress are held
    /// for their owners, and its attempts in flight count against their consumers until they end or
    /// expire (what expired meanwhile, or counts against a consumer no longer registered, is dropped).
    /// </summary>
    public void Restore(GroupHandOver handOver)
    {
        ledger.Restore(handOver.Claims);
        foreach (var held in handOver.Leases)
        {
            if (time.TimestampAt(held.ExpiresAt) is { } expiresAt && consumers.Find(new ConsumerId(held.Consumer)) is { } entry)
            {
                leases.Restore(held.Lease, entry, expiresAt, held.Owner);
            }
        }
    }

    /// <summary>This activation starts without a hand-over from the previous one (lost with its silo): see <see cref="MessageLedger.Recover"/>.</summary>
    public void Recover() => ledger.Recover();
}
