namespace Orleans.Dispatch.Group;

/// <summary>What the ledger says of a message id when a dispatch routes it.</summary>
/// <param name="Status">Null when the caller owns the message id; otherwise <see cref="RouteStatus.Recorded"/>, <see cref="RouteStatus.InProgress"/> or <see cref="RouteStatus.Conflict"/>.</param>
/// <param name="Record">The record, when <see cref="RouteStatus.Recorded"/>.</param>
/// <param name="Claim">The caller's claim, when it owns the message id.</param>
/// <param name="Answered">The group's answer to this very call, when the owner sent it before (its first answer was late or lost).</param>
/// <param name="IsNew">Whether the claim was taken by this call (the dispatch's first at this activation).</param>
internal readonly record struct LedgerEntry(RouteStatus? Status, OutcomeRecord? Record, Claim? Claim, RouteResult? Answered, bool IsNew = false)
{
    public static LedgerEntry InProgress => new(RouteStatus.InProgress, null, null, null);

    public static LedgerEntry Conflict => new(RouteStatus.Conflict, null, null, null);

    public bool IsOwned => Status is null;

    public static LedgerEntry Recorded(OutcomeRecord record) => new(RouteStatus.Recorded, record, null, null);

    public static LedgerEntry Owned(Claim claim, RouteResult? answered, bool isNew = false) => new(null, null, claim, answered, isNew);
}
