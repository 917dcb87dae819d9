using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// direct, relay, skeleton (without and with cancellation tokens) and dispatch at 1 and 64 in flight, with the in-process client and a TCP
/// client process; dispatch to worker processes over TCP; relay, skeleton and dispatch on a two-silo
/// cluster. The paths of one concurrency and client are measured interleaved (<see cref="InterleavedLoad"/>).
/// </summary>
internal static class ThroughputScenarios
{
    public static readonly string[] Paths = ["direct", "relay", "skeleton", "skeleton-ct", "dispatch"];
    public static readonly int[] Concurrencies = [1, 64];

    public static async Task<List<ScenarioResult>> RunSingleSiloAsync(BenchSilo silo, BenchSettings settings)
    {
        var results = new List<ScenarioResult>();
        foreach (var concurrency in Concurrencies)
        {
            var slices = new SliceTotals(Paths.Length);
            var windows = await InterleavedLoad.RunAsync(
                [.. Paths.Select(path => Targets.For(path, silo.Client, $"in-{path}-{concurrency}"))], concurrency, settings.Warmup, settings.Window, settings.Rounds,
                sliceStarted: slices.Started, sliceEnded: slices.Ended);
            for (var i = 0; i < Paths.Length; i++)
            {
                var (path, window, counters) = (Paths[i], windows[i], slices.Counters(i));
                results.Add(Print(InProcess(path, concurrency, window, counters)));
                if (path == "dispatch" && concurrency == 64)
                {
                    Ceilings = new CeilingsResult(counters.EntryCoreShare, counters.GroupCoreShare, window.ThroughputPerSecond);
                }
            }
        }

        foreach (var concurrency in Concurrencies)
        {
            results.AddRange((await OverTcpAsync(Paths, "tcp", [silo.GatewayPort], concurrency, settings)).Select(Print));
        }

        results.AddRange(await RunWorkersAsync(silo, settings));
        return results;
    }

    /// <summary>
    /// Dispatch to consumers that are worker processes instead of grains: Orleans clients, and
    /// workers on the worker protocol (gRPC), interleaved, at each concurrency.
    /// </summary>
    public static async Task<List<ScenarioResult>> RunWorkersAsync(BenchSilo silo, BenchSettings settings)
    {
        var results = new List<ScenarioResult>();
        await using (await WorkerProcesses.StartAsync(silo.GatewayPort, 2))
        await using (await WorkerProcesses.StartGrpcAsync(BenchSilo.BaseWorkersPort, 2))
        {
            foreach (var concurrency in Concurrencies)
            {
                results.AddRange((await OverTcpAsync(["worker", "grpc-worker"], "tcp", [silo.GatewayPort], concurrency, settings)).Select(Print));
            }
        }

        return results;
    }

    /// <summary>Runs <paramref name="paths"/> interleaved from a client process through <paramref name="gateways"/>; one result per path, in order.</summary>
    public static async Task<IEnumerable<ScenarioResult>> OverTcpAsync(IReadOnlyList<string> paths, string client, int[] gateways, int concurrency, BenchSettings settings)
    {
        var runs = await ClientProcess.RunAsync(paths, gateways, concurrency, settings);
        return runs.Select((run, i) =>
        {
            var (report, silos, counters) = run;
            var resources = silos + new Snapshot(TimeSpan.FromMicroseconds(report.CpuMicroseconds), report.Allocated);
            return new ScenarioResult(
                paths[i], client, concurrency, report.Operations / report.Seconds, report.P50Us, report.P99Us, report.P999Us,
                resources.Cpu.TotalMicroseconds / report.Operations,
                // A negative count was seen once from a pair of processes' allocation counters: reported as unknown, not as a figure.
                resources.Allocated < 0 ? double.NaN : (double)resources.Allocated / report.Operations)
            {
                GroupCallsPerDispatch = paths[i] == "dispatch" ? counters.GroupCallsPerDispatch : null,
            };
        });
    }

    /// <summary>The single-activation ceilings, measured in the in-process run at 64 in flight.</summary>
    public static CeilingsResult? Ceilings { get; private set; }

    /// <summary>The result of <paramref name="path"/> measured with the in-process client: its window, and for dispatch the group calls <paramref name="counters"/> counted.</summary>
    public static ScenarioResult InProcess(string path, int concurrency, WindowResult window, DispatchCounters counters) =>
        new(path, "in-process", concurrency, window.ThroughputPerSecond, window.PercentileUs(50), window.PercentileUs(99), window.PercentileUs(99.9), window.CpuUsPerOperation, window.AllocBytesPerOperation)
        {
            GroupCallsPerDispatch = path == "dispatch" ? counters.GroupCallsPerDispatch : null,
        };

    public static ScenarioResult Print(ScenarioResult r)
    {
        Console.WriteLine($"  {r.Name,-9} {r.Client,-10} {r.Concurrency,3} in flight: {r.ThroughputPerSecond,9:N0}/s  p50 {r.P50Us,8:N1} us  p99 {r.P99Us,9:N1} us  p99.9 {r.P999Us,9:N1} us  cpu {r.CpuUsPerMessage,6:N1} us  alloc {r.AllocBytesPerMessage,7:N0} B{(r.GroupCallsPerDispatch is { } calls ? $"  group calls/dispatch {calls:N2}" : "")}");
        return r;
    }
}
