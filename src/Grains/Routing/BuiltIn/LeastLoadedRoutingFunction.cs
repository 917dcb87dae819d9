
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary><c>least-loaded</c>: the consumer with the most available capacity, ties to the lowest id.</summary>
internal sealed class LeastLoadedRoutingFunction : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers) =>
        ConsumerLists.LeastLoaded(consumers) is { } best ? RoutingDecision.Select(best.Consumer) : RoutingDecision.None;
}
