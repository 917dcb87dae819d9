using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>Dispatch p99 at 64 in flight, steady, then while a consumer joins or leaves the group every 10 ms.</summary>
internal static class ChurnScenario
{
    public static async Task<ChurnResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var grains = silo.Client;
        var steady = await LoadDriver.RunAsync(Targets.For("dispatch", grains, "churn-steady"), 64, settings.Warmup, settings.Window);

        using var stop = new CancellationTokenSource();
        var changes = 0;
        var churn = Task.Run(async () =>
        {
            var group = grains.GetGrain<IConsumerGroupGrain>(Targets.Group);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            var member = new ConsumerId("churner");
            var joined = false;
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                _ = joined
                    ? await group.RemoveConsumer(member)
                    : await group.AddConsumer(new ConsumerRegistration(member, grains.GetGrain<IBenchConsumerGrain>("churner")) { MaxInFlight = 1_000_000 });
                joined = !joined;
                changes++;
            }

            if (joined)
            {
                await group.RemoveConsumer(member);
            }
        });
        var churned = await LoadDriver.RunAsync(Targets.For("dispatch", grains, "churn"), 64, settings.Warmup, settings.Window);
        await stop.CancelAsync();
        await churn;

        var result = new ChurnResult(steady.PercentileUs(99), churned.PercentileUs(99), changes);
        Console.WriteLine($"  churn: p99 steady {result.P99SteadyUs:N1} us, under churn {result.P99ChurnUs:N1} us ({result.MembershipChanges} joins and leaves)");
        return result;
    }
}
