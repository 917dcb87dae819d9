using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Bench.Measurement;

namespace Orleans.Dispatch.Bench.Scenarios.Echo;

/// <summary>
/// The bare gRPC floor: round trips of a Deliver frame and its Ack between the bench's silo process
/// and two echo worker processes, over the same kind of stream as the worker protocol, driven in the
/// silo process (no client hop, no Orleans), at each concurrency.
/// </summary>
internal static class EchoFloorScenario
{
    public static async Task<List<(int Concurrency, WindowResult Window)>> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        var peers = silo.Services.GetRequiredService<EchoPeers>();
        var results = new List<(int, WindowResult)>();
        await using (await WorkerProcesses.StartEchoAsync(BenchSilo.BaseWorkersPort, 2))
        {
            await peers.WaitForAsync(2);
            foreach (var concurrency in ThroughputScenarios.Concurrencies)
            {
                var windows = await InterleavedLoad.RunAsync([sequence => peers.RoundTripAsync(sequence, $"echo-{sequence}")], concurrency, settings.Warmup, settings.Window, settings.Rounds);
                var window = windows[0];
                Console.WriteLine($"  echo floor   {concurrency,3} in flight: {window.ThroughputPerSecond,9:N0}/s  p50 {window.PercentileUs(50),8:N1} us  p99 {window.PercentileUs(99),9:N1} us");
                results.Add((concurrency, window));
            }
        }

        return results;
    }
}
