namespace Orleans.Dispatch.Bench.Grains;

/// <summary>A consumer that acknowledges at once, or throws when its key starts with <c>crash</c>.</summary>
[Alias("Orleans.Dispatch.Bench.IBenchConsumerGrain")]
public interface IBenchConsumerGrain : IConsumerGrain, IGrainWithStringKey;
