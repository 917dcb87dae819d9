using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.GroupCalls;

/// <summary>
/// The calls a dispatch makes to its group, as the dispatch loop sees them: batched with the other
/// dispatches of the silo to the group grain (<see cref="BatchingGroupCalls"/>), or straight to a
/// group's dispatcher in a test. Every call that waits for an answer ends within
/// <see cref="DispatchOptions.GroupCallTimeout"/>: answered, failed, or with <see cref="TimeoutException"/>.
/// </summary>
internal interface IGroupCalls
{
    /// <summary>A routing decision (a <see cref="RouteCall"/>; see <c>IConsumerGroupRouterGrain.Decide</c>); cancelled with <paramref name="cancellationToken"/>, which the call itself still reaches the group after.</summary>
    Task<RouteAnswer> Route(RouteRequest request, CancellationToken cancellationToken);

    /// <summary>A bounded wait for a waiting dispatch's grant (see <c>IConsumerGroupRouterGrain.AwaitGrant</c>).</summary>
    Task<RouteAnswer> AwaitGrant(string messageId, Guid owner);

    /// <summary>A bounded wait for the outcome of the dispatch owning a message id (see <c>IConsumerGroupRouterGrain.AwaitOutcome</c>).</summary>
    Task<OutcomeRecord?> AwaitOutcome(string messageId);

    /// <summary>The end of a dispatch, nothing to wait for (an <see cref="EndCall"/>; see <c>IConsumerGroupRouterGrain.Decide</c>).</summary>
    Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record, AttemptReport attempt = default);

    /// <summary>The end of a failed dispatch, and whether it still held its message id (an <see cref="EndCall"/> answered with <see cref="Ended"/>).</summary>
    Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record, AttemptReport attempt = default);
}
