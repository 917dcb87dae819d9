using System.Diagnostics;
using Orleans.Dispatch.Bench.Report;
using Orleans.Runtime;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>Heap and working set before and after many dispatches at 64 in flight, each after full blocking collections.</summary>
internal static class MemoryScenario
{
    public static async Task<MemoryResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        // A group of its own, so the bounded idempotency record it fills counts in the growth.
        await Targets.RegisterAsync(silo.Client, "memory");
        var dispatcher = silo.Client.GetGrain<IDispatchGrain>("memory");
        await RunAsync(silo.Client.GetGrain<IDispatchGrain>(Targets.Group), "memory-warmup", 20_000);
        var (heapBefore, setBefore) = Measure();
        await RunAsync(dispatcher, "memory", settings.MemoryDispatches);
        var (heapAfter, setAfter) = Measure();
        var statistics = await silo.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var left = statistics.Where(s => s.GrainType.Contains("DispatchConversation", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        // Every record is still within its window: the heap's growth per dispatch is what one idempotency record costs.
        var perDispatch = (heapAfter - heapBefore) / (double)settings.MemoryDispatches;
        var windowAt100k = DispatchDefaults.IdempotencyMemoryLimit / Math.Max(1, perDispatch) / 100_000;
        var result = new MemoryResult(settings.MemoryDispatches, (heapAfter - heapBefore) / 1048576.0, (setAfter - setBefore) / 1048576.0, left, perDispatch, windowAt100k);
        Console.WriteLine($"  memory: {result.Dispatches:N0} dispatches: heap {result.HeapGrowthMb:+0.0;-0.0} MB ({perDispatch:N0} bytes a dispatch: its idempotency record), working set {result.WorkingSetGrowthMb:+0.0;-0.0} MB, conversation activations left {result.ConversationActivationsLeft}; the default IdempotencyMemoryLimit holds {windowAt100k:N0} s at 100,000 dispatches a second");
        return result;
    }

    private static async Task RunAsync(IDispatchGrain dispatcher, string run, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await dispatcher.Dispatch(new RoutingMessage($"{run}-{i}"));
            }
        })));
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
