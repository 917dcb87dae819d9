namespace Orleans.Dispatch.DeadLetters;

/// <summary>One partition of a group's dead letters, stored on its own so that keeping a letter rewrites one partition, not the whole store.</summary>
[Alias("Orleans.Dispatch.IDeadLetterPartitionGrain")]
internal interface IDeadLetterPartitionGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task Append(DeadLetter letter);

    /// <summary>Removes the oldest letters until at least <paramref name="count"/> letters and <paramref name="bytes"/> bytes are gone (or none is left).</summary>
    [Alias("TrimOldest")]
    Task<DeadLetterRemoval> TrimOldest(int count, long bytes);

    [Alias("Read")]
    Task<DeadLetter[]> Read(int max);

    /// <summary>Removes the letters with these sequence numbers (sorted), where present.</summary>
    [Alias("Remove")]
    Task<DeadLetterRemoval> Remove(long[] sequences);

    [Alias("Clear")]
    Task Clear();
}
