using System.Diagnostics;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>This process's CPU time and allocated bytes at one instant.</summary>
internal readonly record struct Snapshot(TimeSpan Cpu, long Allocated)
{
    public static Snapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new Snapshot(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));
    }

    public static Snapshot operator -(Snapshot end, Snapshot start) => new(end.Cpu - start.Cpu, end.Allocated - start.Allocated);

    public static Snapshot operator +(Snapshot a, Snapshot b) => new(a.Cpu + b.Cpu, a.Allocated + b.Allocated);
}
