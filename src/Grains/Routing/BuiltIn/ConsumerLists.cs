namespace Orleans.Dispatch.Routing.BuiltIn;

/// <summary>Searches over candidate lists, which are always ordered by consumer id (ordinal).</summary>
internal static class ConsumerLists
{
    /// <summary>The index of the consumer whose id is <paramref name="id"/>, or -1.</summary>
    public static int IndexOf(IReadOnlyList<ConsumerStateView> consumers, string id)
    {
        var index = LowerBound(consumers, id);
        return index < consumers.Count && string.Equals(consumers[index].Consumer.Value, id, StringComparison.Ordinal) ? index : -1;
    }

    /// <summary>The index of the first consumer whose id is not less than <paramref name="id"/> (Count when none).</summary>
    public static int LowerBound(IReadOnlyList<ConsumerStateView> consumers, string id)
    {
        int low = 0, high = consumers.Count;
        while (low < high)
        {
            var mid = low + ((high - low) >> 1);
            if (string.CompareOrdinal(consumers[mid].Consumer.Value, id) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// The consumer with the most available capacity among those <paramref name="include"/> accepts,
    /// its recent failures counted as load (a consumer that fails fast shows nothing in flight, and
    /// would otherwise draw the traffic: a sinkhole), ties to the lowest id; null when none has capacity.
    /// </summary>
    public static ConsumerStateView? LeastLoaded(IReadOnlyList<ConsumerStateView> consumers, Func<ConsumerStateView, bool>? include = null)
    {
        ConsumerStateView? best = null;
        for (var i = 0; i < consumers.Count; i++)
        {
            var candidate = consumers[i];
            if (candidate.HasCapacity
                && (include is null || include(candidate))
                && (best is null || Room(candidate) > Room(best)))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static long Room(ConsumerStateView consumer) => (long)consumer.AvailableCapacity - consumer.RecentFailures;
}
