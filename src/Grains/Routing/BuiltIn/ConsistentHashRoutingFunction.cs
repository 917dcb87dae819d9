using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>
/// <c>consistent-hash:&lt;field&gt;</c>: rendezvous (highest-random-weight) hashing of the
/// field's value over the consumer ids. The same value goes to the same consumer while
/// membership is unchanged, in every process and after restarts; removing a consumer moves only
/// the values that were on it (and a crash moves a value to its next-highest consumer). A
/// missing or null field selects nobody. Ignores capacity.
/// </summary>
internal sealed class ConsistentHashRoutingFunction(string field) : IBuiltInRoutingFunction
{
    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        if (!message.TryGetField(field, out var value) || value.IsNull)
        {
            return RoutingDecision.None;
        }

        var keyHash = DispatchHash.Of(KeyText(value));
        ConsumerStateView? best = null;
        var bestScore = 0UL;
        for (var i = 0; i < consumers.Count; i++)
        {
            var score = DispatchHash.Combine(keyHash, consumers[i].Consumer.StableHash);
            if (best is null || score > bestScore)
            {
                best = consumers[i];
                bestScore = score;
            }
        }

        return best is null ? RoutingDecision.None : RoutingDecision.Select(best.Consumer);
    }

    /// <summary>The key's kind and invariant text, so that the text "1" and the integer 1 are different keys.</summary>
    private static string KeyText(FieldValue value) => $"{(int)value.Kind}:{value}";
}
