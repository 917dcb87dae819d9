namespace Orleans.Dispatch.Cli.Load;

/// <summary>The results of a load run: counts, failures by kind, and latency.</summary>
internal sealed class LoadReport(int count)
{
    private readonly double[] latencies = new double[count];
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> deliveredTo = new(StringComparer.Ordinal);
    private int recorded;

    public int Delivered { get; private set; }

    public int Rerouted { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public IReadOnlyDictionary<string, int> Failures => failures;

    public IReadOnlyDictionary<string, int> DeliveredTo => deliveredTo;

    public int Completed => recorded;

    public void Record(TimeSpan latency, DispatchOutcome? outcome, Exception? failure)
    {
        lock (latencies)
        {
            latencies[recorded++] = latency.TotalMilliseconds;
            if (outcome is not null)
            {
                Delivered++;
                Rerouted += outcome.DeliveredFirstTry ? 0 : 1;
                deliveredTo[outcome.DeliveredTo.Value] = deliveredTo.GetValueOrDefault(outcome.DeliveredTo.Value) + 1;
            }
            else
            {
                var kind = failure!.GetType().Name;
                failures[kind] = failures.GetValueOrDefault(kind) + 1;
            }
        }
    }

    public double Throughput => Elapsed > TimeSpan.Zero ? recorded / Elapsed.TotalSeconds : 0;

    /// <summary>The latency at <paramref name="quantile"/> (0 to 1) in milliseconds, nearest rank.</summary>
    public double LatencyMs(double quantile)
    {
        if (recorded == 0)
        {
            return 0;
        }

        var sorted = latencies[..recorded];
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(quantile * recorded) - 1;
        return sorted[Math.Clamp(rank, 0, recorded - 1)];
    }
}
