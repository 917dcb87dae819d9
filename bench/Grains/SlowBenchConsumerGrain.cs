using System.Diagnostics;
using Orleans.Concurrency;

namespace Orleans.Dispatch.Bench.Grains;

[Reentrant]
internal sealed class SlowBenchConsumerGrain : Grain, ISlowBenchConsumerGrain
{
    public static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(2);

    /// <summary>How long messages really took, in <see cref="Stopwatch"/> ticks, and how many.</summary>
    public static long BusyTicks;

    public static long Served;

    public async Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(ServiceTime, cancellationToken);
        Interlocked.Add(ref BusyTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref Served);
    }
}
