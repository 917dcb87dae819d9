using System.Diagnostics;

namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>This process's CPU time, allocated bytes and thread-pool work items run, at one instant.</summary>
/// <param name="WorkItems">Work items the thread pool has run: each is a hop between threads, and at one in flight often a thread woken up.</param>
internal readonly record struct Snapshot(TimeSpan Cpu, long Allocated, long WorkItems = 0)
{
    public static Snapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new Snapshot(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), ThreadPool.CompletedWorkItemCount);
    }

    public static Snapshot operator -(Snapshot end, Snapshot start) => new(end.Cpu - start.Cpu, end.Allocated - start.Allocated, end.WorkItems - start.WorkItems);

    public static Snapshot operator +(Snapshot a, Snapshot b) => new(a.Cpu + b.Cpu, a.Allocated + b.Allocated, a.WorkItems + b.WorkItems);
}
