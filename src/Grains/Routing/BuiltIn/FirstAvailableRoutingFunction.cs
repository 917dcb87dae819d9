
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary><c>first-available</c>: the first consumer, by id, with capacity; wait when every one is at capacity.</summary>
internal sealed class FirstAvailableRoutingFunction : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        for (var i = 0; i < consumers.Count; i++)
        {
            if (consumers[i].HasCapacity)
            {
                return RoutingDecision.Select(consumers[i].Consumer);
            }
        }

        return consumers.Count == 0 ? RoutingDecision.None : RoutingDecision.Wait;
    }
}
