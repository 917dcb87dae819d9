
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// <c>affinity:&lt;field&gt;</c>: among the consumers whose affinity tags contain the message's
/// text field, the least loaded (ties to the lowest id); wait when all that have it are at
/// capacity; nobody when the field is missing or not text, or no consumer has the tag.
/// </summary>
internal sealed class AffinityRoutingFunction(string field) : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        if (!message.TryGetText(field, out var tag))
        {
            return RoutingDecision.None;
        }

        if (ConsumerLists.LeastLoaded(consumers, c => c.HasAffinity(tag)) is { } best)
        {
            return RoutingDecision.Select(best.Consumer);
        }

        for (var i = 0; i < consumers.Count; i++)
        {
            if (consumers[i].HasAffinity(tag))
            {
                return RoutingDecision.Wait;
            }
        }

        return RoutingDecision.None;
    }
}
