using System.Globalization;
using Orleans.Dispatch.Bench.Measurement;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// <c>--profile PATH CONCURRENCY SECONDS [--alloc]</c>: runs one path in-process for that long and
/// prints its figures, so a profiler (<c>dotnet-trace collect -p PID</c>) can watch a steady load;
/// with <c>--alloc</c>, also the types it allocated, sampled. Several paths, comma-separated, are
/// measured interleaved instead, as the full run measures them: an A/B that takes a minute.
/// </summary>
internal static class ProfileMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.Length > 1 ? args[1] : "dispatch";
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 30;
        using var sampler = args.Contains("--alloc") ? new AllocationSampler() : null;
        await using var silo = await BenchSilo.StartAsync(0);
        await Targets.RegisterAsync(silo.Client);
        if (path.Contains(','))
        {
            return await CompareAsync(silo, path.Split(','), concurrency, TimeSpan.FromSeconds(seconds));
        }

        Console.WriteLine($"profiling {path} at {concurrency} in flight for {seconds} s, process {Environment.ProcessId}");
        var counters = default(DispatchCounters);
        var window = await LoadDriver.RunAsync(
            Targets.For(path, silo.Client, $"profile-{path}"), concurrency, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(seconds),
            windowStarted: () => counters = DispatchCounters.Take(), windowEnded: () => counters = DispatchCounters.Take() - counters);
        ThroughputScenarios.Print(ThroughputScenarios.InProcess(path, concurrency, window, counters));
        Console.WriteLine($"  thread-pool work items {window.WorkItemsPerOperation:N2} per operation");
        PrintCollections();
        if (path == "dispatch")
        {
            Console.WriteLine($"  dispatch grain {counters.EntryCoreShare:P0} of a core, group {counters.GroupCoreShare:P0}");
        }
        if (sampler is not null)
        {
            Console.WriteLine("allocated, sampled by type (whole run, warm-up included):");
            foreach (var (type, bytes) in sampler.Top(30))
            {
                Console.WriteLine($"  {bytes / 1024.0 / 1024.0,9:N1} MB  {type}");
            }
        }
        return 0;
    }

    private static async Task<int> CompareAsync(BenchSilo silo, string[] paths, int concurrency, TimeSpan window)
    {
        Console.WriteLine($"comparing {string.Join(", ", paths)} interleaved at {concurrency} in flight, {window.TotalSeconds} s each, process {Environment.ProcessId}");
        var slices = new SliceTotals(paths.Length);
        var windows = await InterleavedLoad.RunAsync(
            [.. paths.Select(path => Targets.For(path, silo.Client, $"compare-{path}"))], concurrency, BenchSettings.Full.Warmup, window, BenchSettings.Full.Rounds,
            sliceStarted: slices.Started, sliceEnded: slices.Ended);
        for (var i = 0; i < paths.Length; i++)
        {
            var (path, result) = (paths[i], windows[i]);
            ThroughputScenarios.Print(ThroughputScenarios.InProcess(path, concurrency, result, slices.Counters(i)));
            Console.WriteLine($"            thread-pool work items {result.WorkItemsPerOperation:N2} per operation");
        }

        PrintCollections();
        return 0;
    }

    private static void PrintCollections() =>
        Console.WriteLine($"  garbage collections {GC.CollectionCount(0)} / {GC.CollectionCount(1)} / {GC.CollectionCount(2)} (gen 0 / 1 / 2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms (whole run, warm-up included)");
}
