using System.Globalization;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>How busy the machine's CPUs were between two readings of <c>/proc/stat</c>.</summary>
internal sealed class CpuSampler
{
    private readonly (long Busy, long Total) start;

    private CpuSampler((long Busy, long Total) start) => this.start = start;

    public static CpuSampler Start() => new(Read());

    /// <summary>The share of CPU time spent not idle since <see cref="Start"/>, all cores together.</summary>
    public double BusyShare()
    {
        var now = Read();
        var total = now.Total - start.Total;
        return total <= 0 ? 0 : (double)(now.Busy - start.Busy) / total;
    }

    private static (long Busy, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }
}
