namespace Orleans.Dispatch.Bench.Grains;

/// <summary>A consumer that acknowledges at once, or misbehaves by the prefix of its key (see <c>BenchConsumerGrain</c>).</summary>
[Alias("Orleans.Dispatch.Bench.IBenchConsumerGrain")]
public interface IBenchConsumerGrain : IConsumerGrain, IGrainWithStringKey;
