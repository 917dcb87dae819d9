using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Conversation;

/// <summary>A dispatch's calls to its group, through the group grain.</summary>
internal sealed class GrainGroupCalls(IConsumerGroupRouterGrain router) : IGroupCalls
{
    public Task<RouteAnswer> Route(RouteRequest request) => router.Route(request);

    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner) => router.AwaitGrant(messageId, owner);

    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => router.AwaitOutcome(messageId);

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record) => router.Complete(messageId, owner, lease, record);

    public Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record) => router.RecordFailure(messageId, owner, lease, record);
}
