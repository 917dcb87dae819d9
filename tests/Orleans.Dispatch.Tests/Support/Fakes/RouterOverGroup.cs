using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Routing;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// The group's side of the dispatch loop without a cluster: the real <see cref="GroupRouter"/>
/// over a consumer table and lease table, behind the group's routing interface (through
/// <c>GrainFake</c>), recording whenever a consumer is taken past its capacity.
/// </summary>
internal sealed class RouterOverGroup
{
    private readonly ConsumerTable consumers;
    private readonly GroupRouter router;
    private readonly string function;

    public RouterOverGroup(ConsumerTable consumers, RoutingFunctionRegistry registry, string function, DispatchOptions options, TimeProvider? time = null)
    {
        this.consumers = consumers;
        this.function = function;
        time ??= TimeProvider.System;
        router = new GroupRouter("g", consumers, Leases, new GroupFunctions(registry, options, time, "model"), options, time, NullLogger.Instance);
    }

    public LeaseTable Leases { get; } = new();

    /// <summary>Every selection that took a consumer past its <c>MaxInFlight</c>.</summary>
    public List<string> OverCapacity { get; } = [];

    public async Task<RouteResult> Route(RouteRequest request)
    {
        Leases.Release(request.ReleaseLease, request.Owner);
        var result = await router.RouteAsync(request.Message, request.RoutingFunction ?? function, request.Excluded, request.Owner);
        if (result.Status == RouteStatus.Selected && consumers.Find(result.Consumer!) is { } entry && entry.InFlight > entry.MaxInFlight)
        {
            OverCapacity.Add($"{result.Consumer} taken to {entry.InFlight}/{entry.MaxInFlight}");
        }

        return result;
    }

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        Leases.Release(lease, owner);
        return Task.CompletedTask;
    }

    /// <summary>Every dispatch here holds its message id to the end: its failure is confirmed.</summary>
    public Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record)
    {
        Leases.Release(lease, owner);
        return Task.FromResult(true);
    }

    /// <summary>No dispatch of a message id is ever in progress twice here: nothing to wait for.</summary>
    public static Task<OutcomeRecord?> AwaitOutcome(string messageId) => Task.FromResult<OutcomeRecord?>(null);

    public static Task Forget(string[] messageIds) => Task.CompletedTask;

    public Task Release(Guid owner, long lease)
    {
        Leases.Release(lease, owner);
        return Task.CompletedTask;
    }
}
