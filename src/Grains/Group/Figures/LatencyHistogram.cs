using System.Numerics;

namespace Orleans.Dispatch.Group.Figures;

/// <summary>
/// Latencies in logarithmic buckets, four per power of two (each bucket 19% wide at most), in
/// microseconds: recording is an increment, a percentile is read within 12% of the true value.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 4;
    private const int Buckets = 64 * SubBuckets;
    private readonly int[] counts = new int[Buckets];

    public int Count { get; private set; }

    public void Record(TimeSpan latency)
    {
        counts[Index(Math.Max(1L, latency.Ticks / TimeSpan.TicksPerMicrosecond))]++;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(counts);
        Count = 0;
    }

    public void AddTo(LatencyHistogram total)
    {
        for (var i = 0; i < Buckets; i++)
        {
            total.counts[i] += counts[i];
        }

        total.Count += Count;
    }

    /// <summary>The latency at <paramref name="quantile"/> (0.5, 0.99): the middle of its bucket; null when empty.</summary>
    public TimeSpan? Percentile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds((Lower(i) + Lower(i + 1)) / 2.0);
            }
        }

        return TimeSpan.FromMicroseconds(Lower(Buckets - 1));
    }

    private static int Index(long micros)
    {
        var power = BitOperations.Log2((ulong)micros);
        var fraction = power < 2 ? (int)(micros - (1L << power)) : (int)((micros >> (power - 2)) & (SubBuckets - 1));
        return Math.Min(Buckets - 1, (power * SubBuckets) + fraction);
    }

    /// <summary>The smallest latency, in microseconds, of bucket <paramref name="index"/>.</summary>
    private static double Lower(int index)
    {
        var power = index / SubBuckets;
        return Math.Pow(2, power) * (1 + ((index % SubBuckets) / (double)SubBuckets));
    }
}
