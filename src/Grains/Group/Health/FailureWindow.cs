namespace Orleans.Dispatch.Group.Health;

/// <summary>Attempts and failures over a sliding window, in ten buckets: a consumer's failure rate for the rate rule.</summary>
internal sealed class FailureWindow
{
    private const int Buckets = 10;
    private readonly int[] attempts = new int[Buckets];
    private readonly int[] failures = new int[Buckets];
    private long bucket = long.MinValue;

    /// <summary>Counts one attempt at <paramref name="now"/> (ticks of <paramref name="bucketTicks"/>-long buckets).</summary>
    public void Add(long now, long bucketTicks, bool failed)
    {
        var index = Advance(now, bucketTicks);
        attempts[index]++;
        if (failed)
        {
            failures[index]++;
        }
    }

    /// <summary>The attempts and the failure rate over the window ending at <paramref name="now"/>.</summary>
    public (int Attempts, double Rate) Read(long now, long bucketTicks)
    {
        Advance(now, bucketTicks);
        var total = 0;
        var failed = 0;
        for (var i = 0; i < Buckets; i++)
        {
            total += attempts[i];
            failed += failures[i];
        }

        return (total, total == 0 ? 0 : (double)failed / total);
    }

    /// <summary>Clears the buckets that fell out of the window; returns the current one's index.</summary>
    private int Advance(long now, long bucketTicks)
    {
        var current = now / Math.Max(1, bucketTicks);
        if (current != bucket)
        {
            if (bucket == long.MinValue || current - bucket >= Buckets)
            {
                Clear();
            }
            else
            {
                for (var passed = bucket + 1; passed <= current; passed++)
                {
                    var index = (int)(((passed % Buckets) + Buckets) % Buckets);
                    attempts[index] = 0;
                    failures[index] = 0;
                }
            }

            bucket = current;
        }

        return (int)(((current % Buckets) + Buckets) % Buckets);
    }

    /// <summary>Forgets everything (the consumer came back).</summary>
    public void Clear()
    {
        Array.Clear(attempts);
        Array.Clear(failures);
    }
}
