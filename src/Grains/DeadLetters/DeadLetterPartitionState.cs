namespace Orleans.Dispatch.DeadLetters;

[GenerateSerializer, Alias("Orleans.Dispatch.DeadLetterPartitionState")]
internal sealed class DeadLetterPartitionState
{
    [Id(0)]
    public List<DeadLetter> Letters { get; set; } = [];
}
