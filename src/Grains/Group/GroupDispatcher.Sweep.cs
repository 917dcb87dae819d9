using Orleans.Dispatch.Diagnostics;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>Dispatches lost with their silo: expired claims and leases, and the claims of silos declared dead.</summary>
internal sealed partial class GroupDispatcher
{
    /// <summary>
    /// Ends expired claims (their owners stopped routing: lost with their silo), the claims of
    /// dispatches on silos <paramref name="isDead"/> says are dead, and releases expired leases.
    /// </summary>
    public void Sweep(Func<SiloAddress, bool>? isDead)
    {
        foreach (var claim in ledger.ExpireClaims())
        {
            waiting.Ended(claim);
        }

        if (isDead is not null)
        {
            AbandonClaimsOf(isDead);
        }

        if (leases.Count > 0 && leases.ReleaseExpired(time.GetTimestamp()) is > 0 and var released)
        {
            logger.LeasesExpired(group, released);
        }
    }

    /// <summary>Ends the claims of dispatches on silos <paramref name="isDead"/> says are dead: they can no longer end.</summary>
    private void AbandonClaimsOf(Func<SiloAddress, bool> isDead)
    {
        var abandoned = ledger.Abandon(c => isDead(c.OwnerSilo));
        foreach (var claim in abandoned)
        {
            waiting.Ended(claim);
        }

        if (abandoned.Count > 0)
        {
            logger.ClaimsAbandoned(group, abandoned.Count, string.Join(", ", abandoned.Select(c => c.OwnerSilo).Distinct()));
        }
    }
}
