namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>A slow but legal routing function: it takes <see cref="Takes"/> (inside <see cref="SlowRoutingClusterFixture"/>'s routing timeout), then selects the first candidate with capacity.</summary>
public sealed class SlowRoutingFunction : IRoutingFunction
{
    public const string Name = "slow";

    public static readonly TimeSpan Takes = TimeSpan.FromMilliseconds(800);

    private static int runs;

    /// <summary>How many times it ran, in this process.</summary>
    public static int Runs => Volatile.Read(ref runs);

    public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
    {
        Interlocked.Increment(ref runs);
        Thread.Sleep(Takes);
        return consumers.FirstOrDefault(c => c.HasCapacity) is { } free ? RoutingDecision.Select(free.Consumer) : RoutingDecision.None;
    }
}
