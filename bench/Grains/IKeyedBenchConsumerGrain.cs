namespace Orleans.Dispatch.Bench.Grains;

/// <summary>A consumer that acknowledges at once, unless the message's <c>stall</c> field is true: then it takes <see cref="KeyedBenchConsumerGrain.Stall"/>.</summary>
[Alias("Orleans.Dispatch.Bench.IKeyedBenchConsumerGrain")]
public interface IKeyedBenchConsumerGrain : IConsumerGrain, IGrainWithStringKey;
