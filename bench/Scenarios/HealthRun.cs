using System.Diagnostics;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>What one case's dispatches did, counted as they end (thread-safe).</summary>
internal sealed class HealthRun
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> reached = [];
    private readonly Dictionary<string, int> reachedLater = [];
    private readonly Dictionary<string, int> crashedOn = [];
    private readonly Dictionary<string, int> paidAttemptTimeout = [];
    private readonly Dictionary<string, int> trialTimeouts = [];
    private readonly Dictionary<(int Second, string Consumer), int> perSecond = [];
    private readonly Dictionary<int, int> totalPerSecond = [];
    private long busy;

    public bool Seconds { get; init; }

    public TimeSpan Elapsed => clock.Elapsed;

    public int Total { get; private set; }

    public int Failed { get; private set; }

    public int Untyped { get; private set; }

    public int AfterFirstSecond { get; private set; }

    public long AttemptsAfterFirstSecond { get; private set; }

    public double Rate => Total / Math.Max(1e-9, TimeSpan.FromTicks(busy).TotalSeconds);

    public int Reached(string consumer) => reached.GetValueOrDefault(consumer);

    /// <summary>How many dispatches crashed on <paramref name="consumer"/> (tried it and went on, or failed).</summary>
    public int CrashedOn(string consumer) => crashedOn.GetValueOrDefault(consumer);

    /// <summary>How many dispatches waited out the whole attempt timeout on <paramref name="consumer"/>.</summary>
    public int PaidAttemptTimeout(string consumer) => paidAttemptTimeout.GetValueOrDefault(consumer);

    /// <summary>How many trials of <paramref name="consumer"/> timed out at the shorter trial timeout.</summary>
    public int TrialTimeouts(string consumer) => trialTimeouts.GetValueOrDefault(consumer);

    public int ReachedAfterFirstSecond(string consumer) => reachedLater.GetValueOrDefault(consumer);

    public void RecordDelivered(TimeSpan at, DispatchOutcome outcome) =>
        Record(at, [.. outcome.ReroutedFrom.Select(c => c.Value), outcome.DeliveredTo.Value], failed: false, outcome.DeliveredTo.Value, outcome.Crashes);

    public void RecordFailed(TimeSpan at, DispatchException failure) =>
        Record(at, [.. failure.ReroutedFrom.Select(c => c.Value)], failed: true, null, failure.Crashes);

    public void RecordUntyped()
    {
        lock (gate)
        {
            Untyped++;
            Failed++;
            Total++;
        }
    }

    /// <summary>The first second after <paramref name="after"/> in which <paramref name="consumer"/> had at least <paramref name="share"/> of the deliveries.</summary>
    public double? FirstSecondWithShare(string consumer, double share, TimeSpan after)
    {
        foreach (var (second, total) in totalPerSecond.OrderBy(p => p.Key))
        {
            if (second >= after.TotalSeconds && total > 0 && perSecond.GetValueOrDefault((second, consumer)) >= share * total)
            {
                return second + 1;
            }
        }

        return null;
    }

    private void Record(TimeSpan at, string[] tried, bool failed, string? deliveredTo, IReadOnlyList<RerouteTiming> crashes)
    {
        lock (gate)
        {
            Total++;
            foreach (var crash in crashes)
            {
                var kept = crash.Failure.StartsWith("no answer within the attempt timeout", StringComparison.Ordinal) ? paidAttemptTimeout
                    : crash.Failure.StartsWith("no answer within the trial timeout", StringComparison.Ordinal) ? trialTimeouts
                    : null;
                if (kept is not null)
                {
                    kept[crash.Consumer.Value] = kept.GetValueOrDefault(crash.Consumer.Value) + 1;
                }
            }

            busy = clock.Elapsed.Ticks;
            foreach (var consumer in tried)
            {
                if (consumer != deliveredTo)
                {
                    crashedOn[consumer] = crashedOn.GetValueOrDefault(consumer) + 1;
                }
            }

            Failed += failed ? 1 : 0;
            var later = at > TimeSpan.FromSeconds(1);
            if (later)
            {
                AfterFirstSecond++;
                AttemptsAfterFirstSecond += tried.Length;
            }

            foreach (var consumer in tried.Distinct())
            {
                reached[consumer] = reached.GetValueOrDefault(consumer) + (consumer == deliveredTo ? 0 : 1);
                if (later && consumer != deliveredTo)
                {
                    reachedLater[consumer] = reachedLater.GetValueOrDefault(consumer) + 1;
                }
            }

            if (Seconds && deliveredTo is not null)
            {
                var second = (int)at.TotalSeconds;
                perSecond[(second, deliveredTo)] = perSecond.GetValueOrDefault((second, deliveredTo)) + 1;
                totalPerSecond[second] = totalPerSecond.GetValueOrDefault(second) + 1;
            }
        }
    }
}
