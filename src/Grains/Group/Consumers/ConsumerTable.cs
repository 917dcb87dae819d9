using Orleans.Runtime;

namespace Orleans.Dispatch.Group.Consumers;

/// <summary>
/// A group's consumers, kept ordered by id, with lookup by id. Live counts follow the consumer id
/// and its grain, not the registration: a removed consumer with attempts in flight is kept aside as
/// draining until they end, and re-adding its id with the same grain takes the same entry back,
/// counts and all. An id registered again with another grain (a worker process that restarted) is
/// a new consumer: it starts from no attempts in flight, and the old one's attempts, when they end,
/// count against the old one only.
/// </summary>
internal sealed class ConsumerTable
{
    private readonly Dictionary<ConsumerId, ConsumerEntry> byId = [];
    private readonly Dictionary<ConsumerId, ConsumerEntry> draining = [];
    private ConsumerEntry[] ordered = [];
    private ConsumerStateView[] views = [];

    public int Count => ordered.Length;

    public IReadOnlyList<ConsumerEntry> Ordered => ordered;

    public ConsumerEntry? Find(ConsumerId id) => byId.GetValueOrDefault(id);

    /// <summary>Adds an entry, or updates the registration of the entry with the same id, present or draining (keeping its live counts).</summary>
    /// <returns>True when the id is new.</returns>
    public bool AddOrUpdate(ConsumerId id, IConsumerGrain consumer, int maxInFlight, string[] affinityTags)
    {
        if (byId.TryGetValue(id, out var existing))
        {
            if (SameGrain(existing.Consumer, consumer))
            {
                existing.MaxInFlight = maxInFlight;
                existing.AffinityTags = affinityTags;
                return false;
            }

            Replace(existing, new ConsumerEntry(id, consumer, maxInFlight, affinityTags));
            return false;
        }

        if (draining.Remove(id, out var entry) && SameGrain(entry.Consumer, consumer))
        {
            entry.Consumer = consumer;
            entry.MaxInFlight = maxInFlight;
            entry.AffinityTags = affinityTags;
        }
        else
        {
            entry = new ConsumerEntry(id, consumer, maxInFlight, affinityTags);
        }

        byId.Add(id, entry);
        var index = ~Array.BinarySearch(ordered, entry, EntryOrder.Instance);
        var next = new ConsumerEntry[ordered.Length + 1];
        Array.Copy(ordered, next, index);
        next[index] = entry;
        Array.Copy(ordered, index, next, index + 1, ordered.Length - index);
        ordered = next;
        return true;
    }

    public bool Remove(ConsumerId id)
    {
        if (!byId.Remove(id, out var entry))
        {
            return false;
        }

        ordered = Array.FindAll(ordered, e => !ReferenceEquals(e, entry));
        if (entry.InFlight > 0)
        {
            draining[id] = entry;
        }

        return true;
    }

    private static bool SameGrain(IConsumerGrain a, IConsumerGrain b) =>
        ReferenceEquals(a, b) || (a is GrainReference left && b is GrainReference right && left.GrainId == right.GrainId);

    /// <summary>Puts <paramref name="replacement"/> where <paramref name="old"/> was, in the lookup and the order.</summary>
    private void Replace(ConsumerEntry old, ConsumerEntry replacement)
    {
        byId[replacement.Id] = replacement;
        ordered = Array.ConvertAll(ordered, e => ReferenceEquals(e, old) ? replacement : e);
    }

    /// <summary>Whether any consumer has room for another attempt.</summary>
    public bool AnyWithCapacity()
    {
        foreach (var entry in ordered)
        {
            if (entry.InFlight < entry.MaxInFlight)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="id"/> was removed and still has attempts in flight.</summary>
    public bool IsDraining(ConsumerId id) => draining.TryGetValue(id, out var entry) && entry.InFlight > 0;

    /// <summary>The removed consumers whose attempts in flight have not all ended, ordered by id.</summary>

    public IReadOnlyList<DrainingConsumer> Draining()
    {
        if (draining.Count == 0)
        {
            return [];
        }

        foreach (var done in draining.Values.Where(e => e.InFlight == 0).ToList())
        {
            draining.Remove(done.Id);
        }

        return [.. draining.Values.OrderBy(e => e.Id.Value, StringComparer.Ordinal).Select(e => new DrainingConsumer(e.Id, e.InFlight))];
    }

    /// <summary>
    /// Views of every consumer not in <paramref name="excluded"/>, ordered by id. With no
    /// exclusion the same array is refilled and returned on every call (only changed consumers get
    /// a new view), so a caller that lets the array outlive the call must copy it.
    /// </summary>
    public ConsumerStateView[] Views(IReadOnlyCollection<ConsumerId> excluded)
    {
        if (excluded.Count == 0)
        {
            if (views.Length != ordered.Length)
            {
                views = new ConsumerStateView[ordered.Length];
            }

            for (var i = 0; i < ordered.Length; i++)
            {
                views[i] = ordered[i].View;
            }

            return views;
        }

        var remaining = new List<ConsumerStateView>(ordered.Length);
        foreach (var entry in ordered)
        {
            if (!excluded.Contains(entry.Id))
            {
                remaining.Add(entry.View);
            }
        }

        return [.. remaining];
    }

    private sealed class EntryOrder : IComparer<ConsumerEntry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(ConsumerEntry? x, ConsumerEntry? y) => string.CompareOrdinal(x?.Id.Value, y?.Id.Value);
    }
}
