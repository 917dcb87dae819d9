using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// Dispatch p99 at 64 in flight, steady and while a consumer joins or leaves the group every
/// 10 ms, measured interleaved (<see cref="InterleavedLoad"/>): the two p99s meet the same
/// stretches of the machine's state. The consumer churns only while a churn slice is measured,
/// and is out of the group during the steady slices.
/// </summary>
internal static class ChurnScenario
{
    private const int Steady = 0;
    private const int Churned = 1;

    public static async Task<ChurnResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var grains = silo.Client;
        var churning = 0;
        var changes = 0;
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            var group = grains.GetGrain<IConsumerGroupGrain>(Targets.Group);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            var member = new ConsumerId("churner");
            var joined = false;
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                var measuring = Volatile.Read(ref churning) == 1;
                if (!measuring && !joined)
                {
                    continue;
                }

                _ = joined
                    ? await group.RemoveConsumer(member)
                    : await group.AddConsumer(new ConsumerRegistration(member, grains.GetGrain<IBenchConsumerGrain>("churner")) { MaxInFlight = 1_000_000 });
                joined = !joined;
                changes += measuring ? 1 : 0;
            }

            if (joined)
            {
                await group.RemoveConsumer(member);
            }
        });

        var windows = await InterleavedLoad.RunAsync(
            [Targets.For("dispatch", grains, "churn-steady"), Targets.For("dispatch", grains, "churn")], 64, settings.Warmup, settings.Window, settings.Rounds,
            sliceStarted: path => Volatile.Write(ref churning, path == Churned ? 1 : 0),
            sliceEnded: _ => Volatile.Write(ref churning, 0));
        await stop.CancelAsync();
        await churn;

        var result = new ChurnResult(windows[Steady].PercentileUs(99), windows[Churned].PercentileUs(99), changes);
        Console.WriteLine($"  churn: p99 steady {result.P99SteadyUs:N1} us, under churn {result.P99ChurnUs:N1} us ({result.MembershipChanges} joins and leaves)");
        return result;
    }
}
