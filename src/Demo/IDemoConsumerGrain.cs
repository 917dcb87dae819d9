namespace Orleans.Dispatch.Demo;

/// <summary>
/// A ready-made consumer for trying dispatch without writing code: it records what it processed
/// and can be told to fail or slow down. Its grain type is <see cref="GrainTypeName"/>, keyed by string.
/// </summary>
[Alias("Orleans.Dispatch.Demo.IDemoConsumerGrain")]
public interface IDemoConsumerGrain : IConsumerGrain, IGrainWithStringKey
{
    /// <summary>The grain type of the demo consumer: <c>demo-consumer</c> (its grain ids read <c>demo-consumer/KEY</c>).</summary>
    const string GrainTypeName = "demo-consumer";

    /// <summary>Sets how the consumer behaves from its next message on (until it is deactivated).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The failure rate is outside 0 to 1, or the delay is negative or over 5 minutes.</exception>
    [Alias("SetBehavior")]
    Task SetBehavior(DemoBehavior behavior);

    /// <summary>Gets what the consumer processed since it was activated.</summary>
    [Alias("GetStats")]
    Task<DemoConsumerStats> GetStats();
}
