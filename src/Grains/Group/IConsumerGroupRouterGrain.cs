using Orleans.Concurrency;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of a dispatch: routing decisions, grants, and how dispatches ended.</summary>
[Alias("Orleans.Dispatch.IConsumerGroupRouterGrain")]
internal interface IConsumerGroupRouterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes a batch of calls from one silo's dispatches, one after the other, in one turn: each is
    /// answered exactly as the same call sent alone at that point would have been. A routing call
    /// (<see cref="RouteCall"/>) releases the dispatch's previous lease, checks the message id
    /// (recorded, in progress under another owner, or the caller's), then decides over the live
    /// consumers minus the excluded ones; sent again, it gets its first answer (each keeps its own
    /// call number, so a batch sent again is answered as the first one was). An end
    /// (<see cref="EndCall"/>) releases the dispatch's lease (and the lease of its latest decision,
    /// which it may never have heard of), keeps its record for repeats and hands it to the repeats
    /// waiting for it; ignored when another dispatch owns the message id; a failure is recorded only
    /// while the ending dispatch holds the message id, and its answer (<see cref="Ended"/>) says
    /// whether it did: a dispatch that lost its claim (its silo was paused past the claim's
    /// lifetime, say) does not know whether another dispatch delivered the message since, and must
    /// not keep it as a dead letter.
    /// </summary>
    [Alias("Decide")]
    Task<AnswerBatch> Decide(CallBatch calls);

    /// <summary>Ends dispatches, as <see cref="Decide"/> does with <see cref="EndCall"/>s: a batch of ends only, one-way.</summary>
    [Alias("EndAll"), OneWay]
    Task EndAll(CallBatch ends);

    /// <summary>
    /// Waits for the dispatch of <paramref name="messageId"/> in progress, for a short slice at
    /// most: its record, or null when it has not ended within the slice or has no owner (lost, its
    /// silo declared dead, or the group re-activated since). On null the caller routes again, which
    /// joins the dispatch still in progress or takes the message id over. The wait is bounded so
    /// that no request of the group waits on the group's own later messages, which would hold its
    /// deactivation.
    /// </summary>
    [Alias("AwaitOutcome"), AlwaysInterleave]
    Task<OutcomeRecord?> AwaitOutcome(string messageId);

    /// <summary>
    /// Waits, for a short slice at most, for the group to grant <paramref name="owner"/>'s waiting
    /// dispatch of <paramref name="messageId"/> a consumer: the decision (a consumer with its lease,
    /// or how the dispatch ends), <see cref="Wait"/> when the slice ended first (ask again), or
    /// <see cref="RouteAgain"/> when the group does not know it as waiting. Bounded for the same
    /// reason as <see cref="AwaitOutcome"/>.
    /// </summary>
    [Alias("AwaitGrant"), AlwaysInterleave]
    Task<RouteAnswer> AwaitGrant(string messageId, Guid owner);

    /// <summary>Decides again for the waiting dispatches (capacity may have appeared). One-way: the group sends it to itself after a registration change.</summary>
    [Alias("ServeWaiters"), OneWay]
    Task ServeWaiters();

    /// <summary>Forgets how the dispatches of these message ids ended, so they can be dispatched again (dead letters re-dispatched).</summary>
    [Alias("Forget")]
    Task Forget(string[] messageIds);
}
