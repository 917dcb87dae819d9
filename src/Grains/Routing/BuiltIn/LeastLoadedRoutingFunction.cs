
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary><c>least-loaded</c>: the consumer with the most available capacity, ties to the lowest id; wait when every one is at capacity.</summary>
internal sealed class LeastLoadedRoutingFunction : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers) =>
        ConsumerLists.LeastLoaded(consumers) is { } best ? RoutingDecision.Select(best.Consumer)
        : consumers.Count == 0 ? RoutingDecision.None
        : RoutingDecision.Wait;
}
