namespace Orleans.Dispatch.Bench.Grains;

/// <summary>The skeleton group's answer: a consumer.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Bench.SkeletonGrant")]
public sealed record SkeletonGrant([property: Id(0)] ConsumerId Consumer, [property: Id(1)] IBenchConsumerGrain Target);
