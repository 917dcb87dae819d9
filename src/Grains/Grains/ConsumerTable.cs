namespace Orleans.Dispatch.Grains;

/// <summary>A group's consumers, kept ordered by id, with lookup by id.</summary>
internal sealed class ConsumerTable
{
    private readonly Dictionary<ConsumerId, ConsumerEntry> byId = [];
    private ConsumerEntry[] ordered = [];
    private ConsumerStateView[] views = [];

    public int Count => ordered.Length;

    public IReadOnlyList<ConsumerEntry> Ordered => ordered;

    public ConsumerEntry? Find(ConsumerId id) => byId.GetValueOrDefault(id);

    /// <summary>Adds an entry, or updates the registration of the entry with the same id (keeping its live counts).</summary>
    /// <returns>True when the id is new.</returns>
    public bool AddOrUpdate(ConsumerId id, IConsumerGrain consumer, int maxInFlight, string[] affinityTags)
    {
        if (byId.TryGetValue(id, out var existing))
        {
            existing.Consumer = consumer;
            existing.MaxInFlight = maxInFlight;
            existing.AffinityTags = affinityTags;
            return false;
        }

        var entry = new ConsumerEntry(id, consumer, maxInFlight, affinityTags);
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
        return true;
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
