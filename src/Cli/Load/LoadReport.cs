namespace Orleans.Dispatch.Cli.Load;

/// <summary>The results of a load run: counts, failures by kind, and latency.</summary>
internal sealed class LoadReport(int count)
{
    private readonly double[] latencies = new double[count];
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> deliveredTo = new(StringComparer.Ordinal);
    private readonly List<double> waits = [];
    private int recorded;

    public int Delivered { get; private set; }

    public int Rerouted { get; private set; }

    /// <summary>How many delivered dispatches waited in their group's line for a consumer with room.</summary>
    public int Waited => waits.Count;

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
                if (outcome.WaitedFor > TimeSpan.Zero)
                {
                    waits.Add(outcome.WaitedFor.TotalMilliseconds);
                }

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
    public double LatencyMs(double quantile) => NearestRank(latencies[..recorded], quantile);

    /// <summary>The wait of the dispatches that waited, at <paramref name="quantile"/> (0 to 1) in milliseconds, nearest rank.</summary>
    public double WaitMs(double quantile) => NearestRank([.. waits], quantile);

    private static double NearestRank(double[] values, double quantile)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        Array.Sort(values);
        var rank = (int)Math.Ceiling(quantile * values.Length) - 1;
        return values[Math.Clamp(rank, 0, values.Length - 1)];
    }
}
