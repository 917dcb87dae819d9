
namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// <c>by-field:&lt;field&gt;</c>: the consumer whose id equals the message's text field; nobody
/// when the field is missing, is not text, or names no remaining consumer. Ignores capacity.
/// </summary>
internal sealed class ByFieldRoutingFunction(string field) : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        if (!message.TryGetText(field, out var target))
        {
            return RoutingDecision.None;
        }

        var index = ConsumerLists.IndexOf(consumers, target);
        return index < 0 ? RoutingDecision.None : RoutingDecision.Select(consumers[index].Consumer);
    }
}
