using Orleans.Dispatch.Bench.Measurement;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>What the client process reports back about its measured window.</summary>
internal sealed record ClientReport(long Operations, double Seconds, double P50Us, double P99Us, double P999Us, double CpuMicroseconds, long Allocated)
{
    public static ClientReport From(WindowResult window) => new(
        window.Operations,
        window.Duration.TotalSeconds,
        window.PercentileUs(50),
        window.PercentileUs(99),
        window.PercentileUs(99.9),
        window.Resources.Cpu.TotalMicroseconds,
        window.Resources.Allocated);
}
