namespace Orleans.Dispatch.Group.Figures;

/// <summary>One second of a group's activity, reused as the ring of seconds turns.</summary>
internal sealed class ActivitySecond
{
    private Dictionary<string, int>? failures;
    private LatencyHistogram? latencies;

    /// <summary>The second it holds, in Unix seconds; -1 when unused.</summary>
    public long Second { get; private set; } = -1;

    public int Delivered { get; private set; }

    public int Rerouted { get; private set; }

    public IReadOnlyDictionary<string, int> Failures => failures ?? (IReadOnlyDictionary<string, int>)EmptyFailures;

    public LatencyHistogram? Latencies => latencies;

    private static Dictionary<string, int> EmptyFailures { get; } = [];

    /// <summary>Makes this entry hold <paramref name="second"/>, emptied when it held another.</summary>
    public void Hold(long second)
    {
        if (Second == second)
        {
            return;
        }

        Second = second;
        Delivered = 0;
        Rerouted = 0;
        failures?.Clear();
        latencies?.Clear();
    }

    public void Ended(string? failure, int rerouted, TimeSpan? latency)
    {
        if (failure is null)
        {
            Delivered++;
        }
        else
        {
            failures ??= new Dictionary<string, int>(StringComparer.Ordinal);
            failures[failure] = failures.GetValueOrDefault(failure) + 1;
        }

        Rerouted += rerouted;
        if (latency is { } elapsed)
        {
            (latencies ??= new LatencyHistogram()).Record(elapsed);
        }
    }
}
