using Orleans.Dispatch.Group.Health;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group.Calls;

/// <summary>A dispatch's request for a routing decision.</summary>
/// <param name="Message">The message without its payload.</param>
/// <param name="RoutingFunction">The function the dispatch started with; null on the first decision (the group's function in force).</param>
/// <param name="Excluded">The consumers that crashed for this message.</param>
/// <param name="ReleaseLease">The lease of the previous, crashed attempt to release first; 0 when none.</param>
/// <param name="Fingerprint">The message's content fingerprint: the same id with other content is a conflict.</param>
/// <param name="Owner">The dispatch's owner token, fresh per dispatch and kept across its hand-off: it owns the message id's claim and its leases.</param>
/// <param name="Call">The number of this routing call within the dispatch (from 1): a call sent again keeps its number and gets the first answer.</param>
/// <param name="OwnerSilo">The silo running the dispatch: when the cluster declares it dead, the group ends the dispatch's claim at once.</param>
/// <param name="JoinedEpoch">The group activation that last told the dispatch another dispatch of its message id was in progress (<see cref="InProgress.Epoch"/>; 0: none): a later activation without a hand-over holds the id for that one (see <c>MessageLedger</c>).</param>
/// <param name="ReleasedAs">How the attempt of <paramref name="ReleaseLease"/> ended: what the group's health tracking learns from it.</param>
/// <param name="Failure">That attempt's crash as text, when it crashed.</param>
/// <param name="Claimed">Whether the dispatch held the message id at the group, as far as it knows: a group that re-activated gives it the id back, or the placeholder a repeat left for it.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.RouteRequest")]
internal sealed record RouteRequest(
    [property: Id(0)] RoutingMessage Message,
    [property: Id(1)] string? RoutingFunction,
    [property: Id(2)] ConsumerId[] Excluded,
    [property: Id(3)] long ReleaseLease,
    [property: Id(4)] Guid Fingerprint,
    [property: Id(5)] Guid Owner,
    [property: Id(6)] int Call,
    [property: Id(7)] SiloAddress OwnerSilo,
    [property: Id(8)] long JoinedEpoch = 0,
    [property: Id(9)] bool Claimed = false,
    [property: Id(10)] AttemptEnd ReleasedAs = AttemptEnd.None,
    [property: Id(11)] string? Failure = null);
