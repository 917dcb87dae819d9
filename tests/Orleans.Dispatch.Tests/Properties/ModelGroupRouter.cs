using Orleans.Dispatch.Grains;

namespace Orleans.Dispatch.Tests.Properties;

/// <summary>
/// A group's routing side outside any cluster, built from the group grain's own parts (its
/// consumer table, lease table and a built-in function), so the real dispatch loop can run
/// against any membership. It checks that no consumer is taken past its capacity.
/// </summary>
internal sealed class ModelGroupRouter(ConsumerTable consumers, IRoutingFunction function, string functionName, bool capacityAware)
{
    private readonly LeaseTable leases = new();

    public LeaseTable Leases => leases;

    public List<string> CapacityViolations { get; } = [];

    public Task<RouteResult> Route(RouteRequest request)
    {
        leases.Release(request.ReleaseLease);
        var candidates = consumers.Views(request.Excluded);
        if (candidates.Length == 0)
        {
            return Task.FromResult(RouteResult.NoConsumer(functionName, "all excluded"));
        }

        var decision = function.Route(request.Message, candidates);
        if (decision.Consumer is not { } selected)
        {
            return Task.FromResult(RouteResult.NoConsumer(functionName, "nobody selected"));
        }

        var entry = consumers.Find(selected);
        if (entry is null || request.Excluded.Contains(selected))
        {
            return Task.FromResult(RouteResult.Unknown(functionName, selected));
        }

        if (capacityAware && entry.InFlight >= entry.MaxInFlight)
        {
            CapacityViolations.Add($"{selected} taken at {entry.InFlight}/{entry.MaxInFlight}");
        }

        var lease = leases.Acquire(entry, long.MaxValue);
        return Task.FromResult(RouteResult.Selected(functionName, entry, lease));
    }

    public Task Complete(string messageId, long lease, OutcomeRecord? record)
    {
        leases.Release(lease);
        return Task.CompletedTask;
    }

    /// <summary>No dispatch of a message id is ever in progress twice here: nothing to wait for.</summary>
    public static Task<OutcomeRecord?> AwaitOutcome(string messageId) => Task.FromResult<OutcomeRecord?>(null);

    public Task Release(long lease)
    {
        leases.Release(lease);
        return Task.CompletedTask;
    }
}
