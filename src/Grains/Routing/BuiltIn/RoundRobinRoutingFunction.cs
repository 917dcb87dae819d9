
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// <c>round-robin</c>: consumers in turn, by id, skipping those at capacity; wait when every one
/// is. The cursor is the last id selected, so joins and leaves keep the order fair.
/// </summary>
internal sealed class RoundRobinRoutingFunction : IBuiltInRoutingFunction
{
    private string? last;

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        var count = consumers.Count;
        var start = 0;
        if (last is not null)
        {
            start = ConsumerLists.LowerBound(consumers, last);
            if (start < count && string.Equals(consumers[start].Consumer.Value, last, StringComparison.Ordinal))
            {
                start++;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var candidate = consumers[(start + i) % count];
            if (candidate.HasCapacity)
            {
                last = candidate.Consumer.Value;
                return RoutingDecision.Select(candidate.Consumer);
            }
        }

        return count == 0 ? RoutingDecision.None : RoutingDecision.Wait;
    }
}
