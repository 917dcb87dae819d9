using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>A test's calls to a group grain as a silo's dispatches make them: batches of one.</summary>
internal static class GroupGrainCalls
{
    public static async Task<RouteAnswer> Route(this IConsumerGroupRouterGrain group, RouteRequest request) =>
        (await group.Decide(new CallBatch([new RouteCall(request)]))).Answers[0];

    public static async Task<bool> Complete(this IConsumerGroupRouterGrain group, string messageId, Guid owner, long lease, OutcomeRecord? record) =>
        (await group.Decide(new CallBatch([new EndCall(messageId, owner, lease, record)]))).Answers[0] is Ended { Held: true };
}
