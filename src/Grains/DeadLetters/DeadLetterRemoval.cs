namespace Orleans.Dispatch.DeadLetters;

/// <summary>What a trim removed from a partition, and what is left in it.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.DeadLetterRemoval")]
internal sealed record DeadLetterRemoval([property: Id(0)] int Count, [property: Id(1)] long Bytes, [property: Id(2)] int Left);
