using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// What the ledger says of a message id when a dispatch routes it: the caller owns it (its
/// <see cref="Claim"/>, new or renewed, with the answer to this very call when the owner sent it
/// before), or the answer that ends the call (<see cref="Recorded"/>, <see cref="InProgress"/>,
/// <see cref="Conflict"/>).
/// </summary>
internal readonly record struct LedgerEntry
{
    private LedgerEntry(Claim? claim, RouteAnswer? answered, bool isNew, RouteAnswer? notOwned)
    {
        Claim = claim;
        Answered = answered;
        IsNew = isNew;
        NotOwned = notOwned;
    }

    /// <summary>The caller's claim, when it owns the message id.</summary>
    public Claim? Claim { get; }

    /// <summary>The group's answer to this very call, when the owner sent it before (its first answer was late or lost).</summary>
    public RouteAnswer? Answered { get; }

    /// <summary>Whether the claim was taken by this call (the dispatch's first at this activation).</summary>
    public bool IsNew { get; }

    /// <summary>The answer to the call, when the caller does not own the message id.</summary>
    public RouteAnswer? NotOwned { get; }

    public static LedgerEntry Owned(Claim claim, RouteAnswer? answered, bool isNew) => new(claim, answered, isNew, null);

    public static LedgerEntry Refused(RouteAnswer answer) => new(null, null, false, answer);
}
