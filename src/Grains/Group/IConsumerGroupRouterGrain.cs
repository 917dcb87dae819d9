using Orleans.Concurrency;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of a dispatch: routing decisions, grants, and how dispatches ended.</summary>
[Alias("Orleans.Dispatch.IConsumerGroupRouterGrain")]
internal interface IConsumerGroupRouterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Releases <see cref="RouteRequest.ReleaseLease"/>, checks the message id (recorded, in
    /// progress under another owner, or the caller's), then takes a routing decision over the live
    /// consumers minus the excluded ones. A call the owner sends again gets its first answer.
    /// </summary>
    [Alias("Route")]
    Task<RouteAnswer> Route(RouteRequest request);

    /// <summary>
    /// Takes a batch of calls from one silo's dispatches (routing calls and ends), one after the
    /// other, in one turn: each is answered exactly as the same call sent alone at that point would
    /// have been. A batch sent again is answered as the first one was (each routing call keeps its
    /// own call number).
    /// </summary>
    [Alias("Decide")]
    Task<RouteAnswer[]> Decide(GroupCall[] calls);

    /// <summary>Ends dispatches, as <see cref="Decide"/> does with <see cref="EndCall"/>s: a batch of ends only, one-way.</summary>
    [Alias("EndAll"), OneWay]
    Task EndAll(EndCall[] ends);

    /// <summary>
    /// Ends <paramref name="owner"/>'s dispatch of <paramref name="messageId"/>: releases its lease
    /// (<paramref name="lease"/>, and the lease of its latest decision, which it may never have
    /// heard of), keeps <paramref name="record"/> for repeats (null: nothing to record, a cancelled
    /// dispatch) and hands it to the repeats waiting for it. Ignored when another dispatch owns the
    /// message id. One-way: the dispatch returns without waiting for it, and a repeat that reaches
    /// the group first waits for it as for any dispatch in progress.
    /// </summary>
    [Alias("Complete"), OneWay]
    Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record);

    /// <summary>
    /// Ends <paramref name="owner"/>'s dispatch of <paramref name="messageId"/> with a failure, as
    /// <see cref="Complete"/> does, and answers whether <paramref name="owner"/> still held the
    /// message id: only then is the failure recorded for repeats, and only then may the caller keep
    /// the message as a dead letter. A dispatch that lost its claim (its silo was paused past the
    /// claim's lifetime, say) does not know whether another dispatch delivered the message since.
    /// </summary>
    [Alias("RecordFailure")]
    Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record);

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
