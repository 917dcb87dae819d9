using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Group.Health;

/// <summary>The rules: what a consumer's state is now, what a delivery and a counted failure do, and when a consumer is ejected.</summary>
internal sealed partial class GroupHealth
{
    /// <summary>How many answers of its peers, per consumer in the group, a consumer holding messages may miss before it is suspect.</summary>
    private const int SuspectPeerAnswersPerConsumer = 4;

    /// <summary>How many messages a consumer may be handed without answering, while its peers answer (<see cref="SuspectGrantPeerAnswersPerConsumer"/>), before it is suspect.</summary>
    private const int SuspectGrants = 2;

    /// <summary>How many answers of its peers, per consumer in the group, a consumer handed <see cref="SuspectGrants"/> messages may miss before it is suspect: two rounds of the group.</summary>
    private const int SuspectGrantPeerAnswersPerConsumer = 2;

    private long recountedAt = long.MinValue / 2;

    /// <summary>Whether nothing has gone wrong lately: every consumer healthy, no failure within <see cref="Settling"/> (the fast path: the table's own views).</summary>
    private bool Settled(long now)
    {
        if (now - lastTroubleAt < time.TimestampTicks(Settling))
        {
            return false;
        }

        if (unsettled > 0 && now - recountedAt > Frequency)
        {
            // Consumers removed while out of rotation would keep the count up: count again now and then.
            recountedAt = now;
            unsettled = 0;
            foreach (var entry in consumers.Ordered)
            {
                entry.Health.Refresh(now);
                unsettled += entry.Health.State == ConsumerHealth.Healthy ? 0 : 1;
            }
        }

        return unsettled == 0;
    }

    private bool AnySuspect(long now, ConsumerHealthPolicy current)
    {
        foreach (var entry in consumers.Ordered)
        {
            if (entry.InFlight > 0 && IsSuspect(entry, now, current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Holds messages and has answered none: handed <see cref="SuspectGrants"/> of them while its
    /// peers answered twice the group's size (at any latency: at high rates a consumer that
    /// never answers would soak up a client's slots within a few milliseconds); or, for the floor
    /// and twice the group's latency, while its peers answered four times the group's size and twice
    /// what it holds (the count spares one that holds many and answers in turn); or for many times
    /// the group's latency while a peer answered.
    /// </summary>
    private bool IsSuspect(ConsumerEntry entry, long now, ConsumerHealthPolicy current)
    {
        var tracker = entry.Health;
        var peerAnswers = answers - tracker.AnswersAtSince;
        if (tracker.GrantsSinceAnswer >= SuspectGrants && peerAnswers >= SuspectGrantPeerAnswersPerConsumer * consumers.Count)
        {
            return true;
        }

        var peersAnswered = peerAnswers >= SuspectPeerAnswersPerConsumer * consumers.Count;

        var waited = now - tracker.AnsweringSince;
        if (waited <= Math.Max(time.TimestampTicks(current.SuspectFloor), 2 * latencyTicks))
        {
            return false;
        }

        return (peersAnswered && peerAnswers >= 2L * entry.InFlight)
            || (waited > current.SuspectLatencyMultiple * latencyTicks && lastAnswerAt > tracker.AnsweringSince);
    }

    /// <summary>The consumer's state now (moved on with time, the operators' cordons applied, suspect read off its answers).</summary>
    private ConsumerHealth StateOf(ConsumerEntry entry, long now)
    {
        var tracker = entry.Health;
        if (cordoned.Contains(entry.Id) != (tracker.State == ConsumerHealth.Cordoned))
        {
            Move(entry, cordoned.Contains(entry.Id) ? static (t, _) => t.Cordon() : static (t, _) => t.Heal(), now);
        }

        var before = tracker.State;
        if (tracker.Refresh(now))
        {
            Moved(before, tracker.State);
        }

        return tracker.State is ConsumerHealth.Healthy or ConsumerHealth.Ramping or ConsumerHealth.Degraded && entry.InFlight > 0 && policy() is { Enabled: true } current && IsSuspect(entry, now, current)
            ? ConsumerHealth.Suspect
            : tracker.State;
    }

    /// <summary>What a decision offers of <paramref name="entry"/>: null when it is out of rotation.</summary>
    private ConsumerStateView? Offer(ConsumerEntry entry, long now) => StateOf(entry, now) switch
    {
        ConsumerHealth.Ejected or ConsumerHealth.Cordoned => null,
        ConsumerHealth.Healthy when entry.Health.RecentFailures(now, Frequency) < 0.5 => entry.View,
        var state => View(entry, state, now, forRouting: true),
    };

    /// <summary>
    /// <paramref name="entry"/>'s view in <paramref name="state"/>: for a routing decision its
    /// capacity is what the state allows (one trial, full when suspect, grown so far when ramping);
    /// for the snapshot it is the registered <c>MaxInFlight</c>.
    /// </summary>
    private ConsumerStateView View(ConsumerEntry entry, ConsumerHealth state, long now, bool forRouting)
    {
        var tracker = entry.Health;
        var capacity = !forRouting ? entry.MaxInFlight : state switch
        {
            ConsumerHealth.Probing => 1,
            ConsumerHealth.Suspect => Math.Max(1, entry.InFlight),
            ConsumerHealth.Ramping => RampedCapacity(entry, now),
            _ => entry.MaxInFlight,
        };
        TimeSpan? left = tracker.State is ConsumerHealth.Ejected or ConsumerHealth.Ramping ? time.GetElapsedTime(now, tracker.StateEndsAt) : null;
        return new ConsumerStateView(entry.View, capacity, state, (int)Math.Round(tracker.RecentFailures(now, Frequency)), left, tracker.LastFailure);
    }

    /// <summary>A ramping consumer's capacity: from one message to its <c>MaxInFlight</c> over the slow start.</summary>
    private int RampedCapacity(ConsumerEntry entry, long now)
    {
        var slowStart = time.TimestampTicks(policy().SlowStart);
        var grown = slowStart <= 0 ? 1 : (double)(now - entry.Health.RampStartedAt) / slowStart;
        return Math.Clamp((int)Math.Ceiling(entry.MaxInFlight * grown), 1, entry.MaxInFlight);
    }

    private void Delivered(ConsumerEntry entry, long now, ConsumerHealthPolicy current, bool trial, long attemptStartedAt)
    {
        var tracker = entry.Health;
        tracker.Delivered(now, attemptStartedAt);
        tracker.Window.Add(now, BucketTicks(current), failed: false);
        if (trial && tracker.State == ConsumerHealth.Probing)
        {
            Move(entry, (t, at) => t.Ramp(at, at + time.TimestampTicks(current.SlowStart)), now);
            metrics?.TrialEnded(group, passed: true);
            metrics?.ConsumerReturned(group);
            logger.ConsumerReturned(entry.Id.Value, group, current.SlowStart);
        }
        else if (tracker.State == ConsumerHealth.Degraded)
        {
            Move(entry, static (t, _) => t.Heal(), now);
        }
    }

    private void Failed(ConsumerEntry entry, long now, ConsumerHealthPolicy current, bool trial, string failure, long attemptStartedAt, bool timedOut)
    {
        var tracker = entry.Health;
        tracker.Ejections = Decayed(tracker, now, current);
        tracker.Failed(now, Frequency, failure, attemptStartedAt, timedOut);
        tracker.Window.Add(now, BucketTicks(current), failed: true);
        lastTroubleAt = now;
        if (trial)
        {
            metrics?.TrialEnded(group, passed: false);
            Eject(entry, now, current, "trial", "its trial message failed");
        }
        else if (tracker.State == ConsumerHealth.Ramping)
        {
            Eject(entry, now, current, "slow-start", "it failed during its slow start");
        }
        else if (tracker.State is ConsumerHealth.Healthy or ConsumerHealth.Degraded && Meets(tracker, now, current) is { } rule)
        {
            TryEject(entry, now, current, rule);
        }
    }

    /// <summary>Which ejection rule the consumer meets ("consecutive" or "rate"), or null.</summary>
    private string? Meets(ConsumerHealthTracker tracker, long now, ConsumerHealthPolicy current)
    {
        if (tracker.ConsecutiveFailures >= current.ConsecutiveFailures)
        {
            return "consecutive";
        }

        var (attempts, rate) = tracker.Window.Read(now, BucketTicks(current));
        return attempts >= current.FailureRateMinimumAttempts && rate >= current.FailureRate && MedianRate(now, current) < current.FailureRate / 2 ? "rate" : null;
    }

    private double MedianRate(long now, ConsumerHealthPolicy current)
    {
        var rates = new List<double>(consumers.Count);
        foreach (var entry in consumers.Ordered)
        {
            if (entry.Health.Window.Read(now, BucketTicks(current)) is { Attempts: > 0 } read)
            {
                rates.Add(read.Rate);
            }
        }

        rates.Sort();
        return rates.Count == 0 ? 0 : rates[rates.Count / 2];
    }

    private long BucketTicks(ConsumerHealthPolicy current) => Math.Max(1, time.TimestampTicks(current.FailureRateWindow) / 10);

    /// <summary>Moves <paramref name="entry"/>'s tracker by <paramref name="move"/>, keeping the counts of unsettled and out-of-rotation consumers.</summary>
    private void Move(ConsumerEntry entry, Action<ConsumerHealthTracker, long> move, long now)
    {
        var before = entry.Health.State;
        move(entry.Health, now);
        Moved(before, entry.Health.State);
    }

    private void Moved(ConsumerHealth before, ConsumerHealth after)
    {
        if (before == after)
        {
            return;
        }

        lastTroubleAt = Math.Max(lastTroubleAt, time.GetTimestamp());
        unsettled += (before == ConsumerHealth.Healthy ? 1 : 0) - (after == ConsumerHealth.Healthy ? 1 : 0);
        var wasOut = before is ConsumerHealth.Ejected or ConsumerHealth.Probing;
        var isOut = after is ConsumerHealth.Ejected or ConsumerHealth.Probing;
        if (wasOut != isOut)
        {
            metrics?.OutOfRotationChanged(group, isOut ? 1 : -1);
        }
    }
}
