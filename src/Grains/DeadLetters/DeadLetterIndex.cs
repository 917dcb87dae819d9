namespace Orleans.Dispatch.DeadLetters;

/// <summary>The store's index: its partitions, oldest first, with their counts and bytes.</summary>
[GenerateSerializer, Alias("Orleans.Dispatch.DeadLetterIndex")]
internal sealed class DeadLetterIndex
{
    [Id(0)]
    public List<DeadLetterPartitionInfo> Partitions { get; set; } = [];

    [Id(1)]
    public long NextSequence { get; set; } = 1;

    [Id(2)]
    public int NextPartition { get; set; }

    public int Count => Partitions.Sum(p => p.Count);

    public long Bytes => Partitions.Sum(p => p.Bytes);
}
