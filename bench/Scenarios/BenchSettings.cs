namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>How long and how much: the full run for the README, <c>--quick</c> for CI.</summary>
/// <param name="Rounds">The slices a throughput window is cut into, to interleave the paths compared side by side (<see cref="Measurement.InterleavedLoad"/>).</param>
internal sealed record BenchSettings(bool Quick, TimeSpan Warmup, TimeSpan Window, int Rounds, int MemoryDispatches, int RerouteDispatches)
{
    public static BenchSettings Full { get; } = new(false, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), 10, 1_000_000, 20_000);

    /// <summary>CI's smoke run: every scenario runs, briefly (half-second warm-ups, one-second windows in two slices); its figures are not for comparing.</summary>
    public static BenchSettings QuickRun { get; } = new(true, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), 2, 100_000, 3_000);
}
