namespace Orleans.Dispatch.Bench.Grains;

/// <summary>A consumer that takes <see cref="SlowBenchConsumerGrain.ServiceTime"/> per message and notes when each attempt reached it.</summary>
[Alias("Orleans.Dispatch.Bench.ISlowBenchConsumerGrain")]
public interface ISlowBenchConsumerGrain : IConsumerGrain, IGrainWithStringKey;
