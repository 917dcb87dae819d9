using Orleans.Concurrency;

namespace Orleans.Dispatch.DeadLetters;

/// <summary>A group's dead-letter store: an index over partitions, bounded by count and by bytes, oldest dropped first.</summary>
[Alias("Orleans.Dispatch.IDeadLetterStoreGrain")]
internal interface IDeadLetterStoreGrain : IGrainWithStringKey
{
    /// <summary>Keeps a message that could not be delivered (its sequence is assigned here). A failing dispatch does not wait for it (see <see cref="DeadLetterKeeper"/>).</summary>
    [Alias("Add")]
    Task Add(DeadLetter letter);

    [Alias("List")]
    Task<DeadLetter[]> List(int max);

    /// <summary>The newest letters, newest first.</summary>
    [Alias("ListNewest")]
    Task<DeadLetter[]> ListNewest(int max);

    /// <summary>Removes the letters with these sequence numbers (ones already gone are ignored).</summary>
    /// <returns>How many were removed.</returns>
    [Alias("Remove")]
    Task<int> Remove(long[] sequences);

    /// <summary>How many letters the store holds, from its index.</summary>
    [Alias("Count"), Orleans.Concurrency.ReadOnly]
    Task<int> Count();

    [Alias("Purge")]
    Task<int> Purge();
}
