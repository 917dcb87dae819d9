using HdrHistogram;
using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// 1,000 keys over 8 consumers at 64 in flight through the in-process client: unordered and
/// ordered by key, measured interleaved (<see cref="InterleavedLoad"/>) through two groups over
/// the same consumers, one with the ordering key and one without; then ordered with one key
/// stalled (its messages take 200 ms at the consumer). The stalled key's delay to the others is
/// the p99 of the other keys' dispatches in the stalled window minus the p99 of the ordered window.
/// </summary>
internal static class OrderedScenario
{
    private const int Keys = 1_000;
    private const int Consumers = 8;
    private const int InFlight = 64;

    public static async Task<OrderedResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var grains = silo.Client;
        var group = await KeyedGroupAsync(grains, "ordered", orderingKey: "key");
        await KeyedGroupAsync(grains, "unordered", orderingKey: null);
        var dispatcher = grains.GetGrain<IDispatchGrain>("ordered");
        var unorderedDispatcher = grains.GetGrain<IDispatchGrain>("unordered");
        RoutingMessage Message(long sequence, bool stall) =>
            new RoutingMessage($"ordered-{stall}-{sequence}").With("key", FieldValue.Text($"k{sequence % Keys}")).With("stall", FieldValue.Boolean(stall && sequence % Keys == 0));

        var windows = await InterleavedLoad.RunAsync(
            [sequence => unorderedDispatcher.Dispatch(Message(sequence, false)), sequence => dispatcher.Dispatch(Message(sequence, false))],
            InFlight, settings.Warmup, settings.Window, settings.Rounds);
        var (unordered, ordered) = (windows[0], windows[1]);

        // The stalled window: only the other keys' latencies count.
        var others = new LongHistogram(TimeSpan.FromMinutes(2).Ticks * 100, 3);
        await LoadDriver.RunAsync(
            async sequence =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await dispatcher.Dispatch(Message(sequence, true));
                if (sequence % Keys != 0)
                {
                    lock (others)
                    {
                        others.RecordValue((long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds);
                    }
                }
            },
            InFlight,
            settings.Warmup,
            settings.Window);
        await group.SetOrderingKey(null);

        var othersP99 = others.TotalCount == 0 ? 0 : others.GetValueAtPercentile(99) / 1000.0;
        var result = new OrderedResult(
            ordered.ThroughputPerSecond,
            unordered.ThroughputPerSecond,
            ordered.PercentileUs(99),
            unordered.PercentileUs(99),
            othersP99 - ordered.PercentileUs(99),
            othersP99);
        Console.WriteLine(
            $"  ordered: {result.ThroughputPerSecond:N0}/s vs unordered {result.UnorderedThroughputPerSecond:N0}/s, p99 {result.P99Us:N0} us (unordered {result.UnorderedP99Us:N0} us); " +
            $"one key stalled: other keys' p99 {othersP99:N0} us ({result.StalledKeyDelayP99Us:+#,0;-#,0} us)");
        return result;
    }

    /// <summary>A group of the 8 keyed consumers routing by consistent hash of the key, ordered by <paramref name="orderingKey"/> (null: unordered).</summary>
    private static async Task<IConsumerGroupGrain> KeyedGroupAsync(IGrainFactory grains, string name, string? orderingKey)
    {
        var group = grains.GetGrain<IConsumerGroupGrain>(name);
        for (var i = 0; i < Consumers; i++)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId($"keyed-{i}"), grains.GetGrain<IKeyedBenchConsumerGrain>($"keyed-{i}")));
        }

        await group.SetRoutingFunction("consistent-hash:key");
        await group.SetOrderingKey(orderingKey);
        return group;
    }
}
