using System.Diagnostics;
using HdrHistogram;
using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>Dispatches whose first-chosen consumer throws, one at a time, against plain dispatches measured the same way (consumer health off for the group: the crash must happen every time).</summary>
internal static class RerouteScenario
{
    public static async Task<RerouteResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var grains = silo.Client;
        var group = grains.GetGrain<IConsumerGroupGrain>("reroute");
        await group.AddConsumer(new ConsumerRegistration(new ConsumerId("a-crash"), grains.GetGrain<IBenchConsumerGrain>("crash-a")));
        await group.AddConsumer(new ConsumerRegistration(new ConsumerId("b-ok"), grains.GetGrain<IBenchConsumerGrain>("ok-b")));
        await group.SetRoutingFunction("first-available");
        // What a reroute costs, so the crashing consumer must stay in rotation: its group's health tracking would eject it after five.
        await group.SetConsumerHealth(ConsumerHealthPolicy.Off);
        var plainGroup = grains.GetGrain<IConsumerGroupGrain>("plain");
        await plainGroup.AddConsumer(new ConsumerRegistration(new ConsumerId("b-ok"), grains.GetGrain<IBenchConsumerGrain>("ok-b")));
        await plainGroup.SetRoutingFunction("first-available");

        var rerouted = grains.GetGrain<IDispatchGrain>("reroute");
        var plain = grains.GetGrain<IDispatchGrain>("plain");
        var detection = new LongHistogram(TimeSpan.FromMinutes(1).Ticks * 100, 3);
        var reroutedLatency = new LongHistogram(TimeSpan.FromMinutes(1).Ticks * 100, 3);
        var plainLatency = new LongHistogram(TimeSpan.FromMinutes(1).Ticks * 100, 3);
        var warmup = settings.RerouteDispatches / 10;
        for (var i = -warmup; i < settings.RerouteDispatches; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await rerouted.Dispatch(new RoutingMessage($"reroute-{i}"));
            var reroutedTook = Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            await plain.Dispatch(new RoutingMessage($"plain-{i}"));
            var plainTook = Stopwatch.GetElapsedTime(started);
            if (i >= 0)
            {
                detection.RecordValue((long)outcome.Crashes[0].DetectionToReroute.TotalNanoseconds);
                reroutedLatency.RecordValue((long)reroutedTook.TotalNanoseconds);
                plainLatency.RecordValue((long)plainTook.TotalNanoseconds);
            }
        }

        var result = new RerouteResult(
            settings.RerouteDispatches,
            detection.GetValueAtPercentile(50) / 1000.0,
            detection.GetValueAtPercentile(99) / 1000.0,
            (reroutedLatency.GetValueAtPercentile(50) - plainLatency.GetValueAtPercentile(50)) / 1000.0,
            reroutedLatency.GetValueAtPercentile(50) / 1000.0,
            plainLatency.GetValueAtPercentile(50) / 1000.0);
        Console.WriteLine($"  reroute: detection-to-reroute p50 {result.DetectionToRerouteP50Us:N1} us, p99 {result.DetectionToRerouteP99Us:N1} us; rerouted p50 {result.ReroutedP50Us:N1} us vs plain {result.PlainP50Us:N1} us (extra {result.ExtraLatencyP50Us:N1} us)");
        return result;
    }
}
