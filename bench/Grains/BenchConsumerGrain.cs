using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

/// <summary>
/// A bench consumer, by the prefix of its key: <c>crash</c> throws every message, <c>hang</c> takes
/// messages and never answers (until its token is cancelled), <c>flaky</c> throws 1% of messages at
/// random, <c>broken</c> throws while <see cref="Broken"/> is set, <c>stall</c> never answers while
/// <see cref="Stalled"/> is set; any other acknowledges at once.
/// </summary>
[Reentrant]
internal sealed class BenchConsumerGrain : Grain, IBenchConsumerGrain
{
    private static volatile bool broken = true;
    private static volatile bool stalled;
    private string kind = string.Empty;

    /// <summary>Whether the <c>broken</c> consumers fail (the bench repairs them mid-run).</summary>
    public static bool Broken
    {
        get => broken;
        set => broken = value;
    }

    /// <summary>Whether the <c>stall</c> consumers stop answering (the bench stalls them mid-run).</summary>
    public static bool Stalled
    {
        get => stalled;
        set => stalled = value;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        kind = key.IndexOf('-') is > 0 and var dash ? key[..dash] : key;
        return Task.CompletedTask;
    }

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) => kind switch
    {
        "crash" => Task.FromException(new InvalidOperationException("crashes on purpose")),
        "hang" => Task.Delay(Timeout.Infinite, cancellationToken),
        "flaky" when Random.Shared.NextDouble() < 0.01 => Task.FromException(new InvalidOperationException("fails 1% on purpose")),
        "stall" when stalled => Task.Delay(Timeout.Infinite, cancellationToken),
        "broken" when broken => Task.FromException(new InvalidOperationException("broken until repaired")),
        _ => Task.CompletedTask,
    };
}
