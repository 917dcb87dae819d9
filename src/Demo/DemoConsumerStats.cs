namespace Orleans.Dispatch.Demo;

/// <summary>What a demo consumer processed since its activation.</summary>
/// <param name="Key">The consumer's grain key.</param>
/// <param name="Silo">The silo its activation runs on.</param>
/// <param name="Processed">Messages acknowledged.</param>
/// <param name="Failed">Messages failed on purpose (<see cref="DemoBehavior.FailureRate"/>).</param>
/// <param name="Recent">The ids of the last messages acknowledged, oldest first (at most 20).</param>
/// <param name="Behavior">How it behaves now.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Demo.DemoConsumerStats")]
public sealed record DemoConsumerStats(
    [property: Id(0)] string Key,
    [property: Id(1)] string Silo,
    [property: Id(2)] long Processed,
    [property: Id(3)] long Failed,
    [property: Id(4)] IReadOnlyList<string> Recent,
    [property: Id(5)] DemoBehavior Behavior);
