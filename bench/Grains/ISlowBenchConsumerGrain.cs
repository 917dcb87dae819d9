namespace Orleans.Dispatch.Bench.Grains;

/// <summary>A consumer that takes <see cref="SlowBenchConsumerGrain.ServiceTime"/> per message and counts how long messages really took.</summary>
[Alias("Orleans.Dispatch.Bench.ISlowBenchConsumerGrain")]
public interface ISlowBenchConsumerGrain : IConsumerGrain, IGrainWithStringKey;
