namespace Orleans.Dispatch.DeadLetters;

/// <summary>One partition as the index knows it.</summary>
[GenerateSerializer, Alias("Orleans.Dispatch.DeadLetterPartitionInfo")]
internal sealed class DeadLetterPartitionInfo
{
    [Id(0)]
    public int Number { get; set; }

    [Id(1)]
    public int Count { get; set; }

    [Id(2)]
    public long Bytes { get; set; }
}
