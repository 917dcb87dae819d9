using System.Diagnostics;
using Orleans.Dispatch.Bench.Grains;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// The cost of one routing decision as the group takes it: the snapshot of live state (one view
/// per remaining consumer, copied into the array the function is given, as the group's consumer
/// table does) plus the function, for each built-in over 10 to 10,000 consumers. Public types only.
/// </summary>
internal static class RoutingScenario
{
    public static readonly string[] Functions = ["round-robin", "first-available", "least-loaded", "affinity:zone", "by-field:target", "consistent-hash:key"];
    public static readonly int[] Sizes = [10, 100, 1_000, 10_000];

    public static Dictionary<string, IReadOnlyDictionary<string, double>> Run(BenchSettings settings)
    {
        var results = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var name in Functions)
        {
            var bySize = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var size in Sizes)
            {
                var table = new ConsumerStateView[size];
                for (var i = 0; i < size; i++)
                {
                    table[i] = new ConsumerStateView(new ConsumerId($"c{i:D5}"), 100) { CurrentInFlight = i % 7, AffinityTags = i % 2 == 0 ? ["eu"] : ["us"] };
                }

                var messages = Enumerable.Range(0, 256).Select(i => new RoutingMessage($"m{i}")
                    .With("zone", FieldValue.Text("eu"))
                    .With("target", FieldValue.Text($"c{i * 31 % size:D5}"))
                    .With("key", FieldValue.Text($"k{i}"))).ToArray();
                var function = RoutingFunctions.CreateBuiltIn(name);
                bySize[size.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Measure(table, function, messages, settings.Quick ? 150 : 500);
            }

            results[name] = bySize;
            Console.WriteLine($"  routing {name,-20} " + string.Join("  ", bySize.Select(kv => $"{kv.Key,6}: {kv.Value,9:N2} us")));
        }

        return results;
    }

    private static double Measure(ConsumerStateView[] table, IRoutingFunction function, RoutingMessage[] messages, int milliseconds)
    {
        var views = new ConsumerStateView[table.Length];
        var sink = 0;
        for (var i = 0; i < 200; i++)
        {
            sink += function.Route(messages[i % messages.Length], Snapshot(table, views)).Consumer is null ? 0 : 1;
        }

        var clock = Stopwatch.StartNew();
        long decisions = 0;
        while (clock.ElapsedMilliseconds < milliseconds)
        {
            for (var i = 0; i < 16; i++, decisions++)
            {
                sink += function.Route(messages[decisions % messages.Length], Snapshot(table, views)).Consumer is null ? 0 : 1;
            }
        }

        GC.KeepAlive(sink);
        return clock.Elapsed.TotalMicroseconds / decisions;
    }

    /// <summary>The group's snapshot: every consumer's view copied into the array the function is given.</summary>
    private static ConsumerStateView[] Snapshot(ConsumerStateView[] table, ConsumerStateView[] views)
    {
        Array.Copy(table, views, table.Length);
        return views;
    }
}
