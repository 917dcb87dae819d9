using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Group.Health;

/// <summary>
/// A group's health tracking of its consumers: which ones a decision may offer the routing
/// function, what an attempt's end teaches (ejection, trial, slow start), the cap on how many are
/// out of rotation, the shared-outage rule, operators' cordons and the reroute budget. A plain class
/// on an injected clock: tests drive it on fake time. Not thread-safe: the group's turns serialize it.
/// </summary>
internal sealed partial class GroupHealth(string group, ConsumerTable consumers, Func<ConsumerHealthPolicy> policy, TimeProvider time, DispatchMetrics? metrics, ILogger logger, Random? random = null)
{
    /// <summary>How long after a counted failure the group still takes the slow path (recent failures have faded by then).</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(5);

    private readonly Random random = random ?? Random.Shared;
    private readonly RerouteBudget budget = new();
    private readonly HashSet<ConsumerId> cordoned = [];
    private double latencyTicks;
    private long lastAnswerAt;
    private long answers;
    private long lastTroubleAt = long.MinValue / 2;
    private int unsettled;
    private bool sharedOutage;
    private long budgetSpentLoggedAt = long.MinValue / 2;

    private long Frequency => time.TimestampFrequency;

    /// <summary>The policy in force.</summary>
    public ConsumerHealthPolicy Policy => policy();

    /// <summary>
    /// The consumers a decision may offer the routing function: not excluded, not ejected or
    /// cordoned; a suspect one, or a probing one whose trial is in flight, as full (so that
    /// capacity-aware functions wait for it rather than give up); a probing one with room for its
    /// one trial; a ramping one at the capacity it has grown to; degraded ones only when no other
    /// has capacity. A reroute is offered the consumers without recent failures when there are any.
    /// </summary>
    /// <param name="excluded">The consumers that crashed for this message.</param>
    /// <param name="reroute">Whether the message crashed before.</param>
    public ConsumerStateView[] Candidates(ConsumerId[] excluded, bool reroute)
    {
        var now = time.GetTimestamp();
        var current = policy();
        var tracking = current.Enabled;
        if (cordoned.Count == 0 && (!tracking || (Settled(now) && !AnySuspect(now, current))))
        {
            return consumers.Views(excluded);
        }

        var offered = new List<ConsumerStateView>(consumers.Count);
        List<ConsumerStateView>? degraded = null;
        var anyWithoutFailures = false;
        foreach (var entry in consumers.Ordered)
        {
            if (Array.IndexOf(excluded, entry.Id) >= 0)
            {
                continue;
            }

            var view = tracking || cordoned.Contains(entry.Id) ? Offer(entry, now) : entry.View;
            if (view is null)
            {
                continue;
            }

            if (view.Health == ConsumerHealth.Degraded)
            {
                (degraded ??= []).Add(view);
                continue;
            }

            anyWithoutFailures |= view.RecentFailures == 0;
            offered.Add(view);
        }

        if (reroute && anyWithoutFailures)
        {
            offered.RemoveAll(static view => view.RecentFailures > 0);
        }

        if (degraded is not null && !offered.Exists(static view => view.HasCapacity))
        {
            offered.AddRange(degraded);
        }

        return [.. offered];
    }

    /// <summary>Every consumer as the group's snapshot shows it: its health, its time left, its last failure.</summary>
    public ConsumerStateView[] Snapshot()
    {
        var now = time.GetTimestamp();
        var views = new ConsumerStateView[consumers.Count];
        for (var i = 0; i < views.Length; i++)
        {
            var entry = consumers.Ordered[i];
            var state = StateOf(entry, now);
            views[i] = state == ConsumerHealth.Healthy && entry.Health.LastFailure is null && entry.Health.RecentFailures(now, Frequency) < 0.5
                ? entry.View
                : View(entry, state, now, forRouting: false);
        }

        return views;
    }

    /// <summary>A decision picked <paramref name="entry"/>: true when the attempt is a probing consumer's trial.</summary>
    /// <param name="entry">The consumer picked.</param>
    /// <param name="attemptTimeout">The options' attempt timeout.</param>
    /// <param name="trialTimeout">The trial's own, shorter timeout when the consumer was ejected for not answering (<see cref="ConsumerHealthPolicy.SilentTrialTimeout"/>); else null.</param>
    public bool Granting(ConsumerEntry entry, TimeSpan attemptTimeout, out TimeSpan? trialTimeout)
    {
        trialTimeout = null;
        var tracker = entry.Health;
        if (entry.InFlight == 0 && !tracker.Silent)
        {
            tracker.AnsweringSince = time.GetTimestamp();
            tracker.AnswersAtSince = answers;
            tracker.GrantsSinceAnswer = 0;
        }

        tracker.GrantsSinceAnswer++;

        if (tracker.State != ConsumerHealth.Probing)
        {
            return false;
        }

        tracker.TrialInFlight = true;
        trialTimeout = tracker.Silent ? SilentTrialTimeout(attemptTimeout) : null;
        return true;
    }

    /// <summary>The trial timeout of a consumer that stopped answering: the policy's, or many times the group's latency if longer, never past the attempt timeout.</summary>
    private TimeSpan? SilentTrialTimeout(TimeSpan attemptTimeout)
    {
        var current = policy();
        if (current.SilentTrialTimeout <= TimeSpan.Zero)
        {
            return null;
        }

        var latency = TimeSpan.FromSeconds(current.SuspectLatencyMultiple * latencyTicks / Frequency);
        var timeout = current.SilentTrialTimeout > latency ? current.SilentTrialTimeout : latency;
        return timeout < attemptTimeout ? timeout : null;
    }

    /// <summary>
    /// An attempt to <paramref name="entry"/> ended as <paramref name="end"/>: what it teaches.
    /// </summary>
    /// <param name="entry">The consumer.</param>
    /// <param name="acquiredAt">When its lease was taken.</param>
    /// <param name="trial">Whether it was the consumer's trial.</param>
    /// <param name="end">How it ended.</param>
    /// <param name="crashes">The message's crashes so far, this one included: from the third on, the message is taken to be poison and the crash is not counted.</param>
    /// <param name="failure">The crash as text.</param>
    /// <returns>Whether the end was a counted crash outside a trial: its reroute spends the budget.</returns>
    public bool Released(ConsumerEntry entry, long acquiredAt, bool trial, AttemptEnd end, int crashes, string? failure)
    {
        var tracker = entry.Health;
        if (trial)
        {
            tracker.TrialInFlight = false;
        }

        if (end == AttemptEnd.None)
        {
            return false;
        }

        var now = time.GetTimestamp();
        var timedOut = end == AttemptEnd.TimedOut;
        if (!timedOut)
        {
            // A timeout is not an answer: neither the group's latest nor the consumer's.
            lastAnswerAt = now;
            tracker.AnswersAtSince = ++answers;
        }

        if (end == AttemptEnd.Refused)
        {
            tracker.Ended(now, timedOut: false);
            return false;
        }

        var current = policy();
        if (end == AttemptEnd.Delivered)
        {
            var latency = now - acquiredAt;
            latencyTicks = latencyTicks == 0 ? latency : (0.9 * latencyTicks) + (0.1 * latency);
            Delivered(entry, now, current, trial, acquiredAt);
            return false;
        }

        if (!current.Enabled || (crashes > 2 && !trial))
        {
            tracker.Ended(now, timedOut);
            return current.Enabled;
        }

        Failed(entry, now, current, trial, failure ?? (end == AttemptEnd.TimedOut ? "no answer within the attempt timeout" : "crashed"), acquiredAt, timedOut);
        return !trial;
    }

    /// <summary>A dispatch reached the group: it deposits its share of the reroute budget.</summary>
    public void Dispatched()
    {
        var current = policy();
        if (current.Enabled)
        {
            budget.Deposit(time.GetTimestamp(), Frequency, current);
        }
    }

    /// <summary>Takes one reroute from the budget; false (and a warning at most every ten seconds) when it is spent.</summary>
    public bool TryReroute()
    {
        var now = time.GetTimestamp();
        var current = policy();
        if (!current.Enabled || budget.TryWithdraw(now, Frequency, current))
        {
            return true;
        }

        metrics?.RerouteRefused(group);
        if (now - budgetSpentLoggedAt > 10 * Frequency)
        {
            budgetSpentLoggedAt = now;
            logger.RerouteBudgetSpent(group, current.RerouteBudgetRatio, current.RerouteBudgetPerSecond);
        }

        return false;
    }

    /// <summary>Sets the operators' cordons (from storage).</summary>
    public void CordonOnly(IEnumerable<string> ids)
    {
        cordoned.Clear();
        foreach (var id in ids)
        {
            cordoned.Add(new ConsumerId(id));
        }
    }

    /// <summary>An operator cordoned <paramref name="consumer"/>.</summary>
    public void Cordon(ConsumerId consumer)
    {
        cordoned.Add(consumer);
        if (consumers.Find(consumer) is { } entry)
        {
            Move(entry, static (tracker, _) => tracker.Cordon(), 0);
        }

        logger.ConsumerCordoned(consumer.Value, group);
    }

    /// <summary>An operator brought <paramref name="consumer"/> back: it ramps up.</summary>
    public void Uncordon(ConsumerId consumer)
    {
        if (cordoned.Remove(consumer) && consumers.Find(consumer) is { } entry)
        {
            var now = time.GetTimestamp();
            Move(entry, (tracker, at) => tracker.Ramp(at, at + time.TimestampTicks(policy().SlowStart)), now);
            logger.ConsumerUncordoned(consumer.Value, group);
        }
    }
}
