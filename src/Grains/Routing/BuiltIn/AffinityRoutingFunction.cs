
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// <c>affinity:&lt;field&gt;</c>: among the consumers whose affinity tags contain the message's
/// text field, the least loaded (ties to the lowest id); nobody when the field is missing or not
/// text, no consumer has the tag, or all that have it are at capacity.
/// </summary>
internal sealed class AffinityRoutingFunction(string field) : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        if (!message.TryGetText(field, out var tag))
        {
            return RoutingDecision.None;
        }

        return ConsumerLists.LeastLoaded(consumers, c => c.HasAffinity(tag)) is { } best
            ? RoutingDecision.Select(best.Consumer)
            : RoutingDecision.None;
    }
}
