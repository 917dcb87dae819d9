using HdrHistogram;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>What a load window measured: operations, latency, and the resources they used.</summary>
internal sealed record WindowResult(long Operations, TimeSpan Duration, HistogramBase Latency, Snapshot Resources)
{
    public double ThroughputPerSecond => Operations / Duration.TotalSeconds;

    public double PercentileUs(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double CpuUsPerOperation => Operations == 0 ? 0 : Resources.Cpu.TotalMicroseconds / Operations;

    public double WorkItemsPerOperation => Operations == 0 ? 0 : (double)Resources.WorkItems / Operations;

    public double AllocBytesPerOperation => Operations == 0 ? 0 : (double)Resources.Allocated / Operations;

    /// <summary>This window and <paramref name="other"/> as one: their operations, time, latencies and resources together.</summary>
    public WindowResult Add(WindowResult other)
    {
        var latency = Latency.Copy();
        latency.Add(other.Latency);
        return new(Operations + other.Operations, Duration + other.Duration, latency, Resources + other.Resources);
    }
}
