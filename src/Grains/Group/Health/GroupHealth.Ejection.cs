using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch.Group.Health;

/// <summary>Ejection: whether a consumer that met the rule is ejected (or degraded, or spared in a shared outage), and for how long.</summary>
internal sealed partial class GroupHealth
{
    /// <summary>
    /// Ejects the consumer unless the cause looks shared, or the cap is reached (then degraded).
    /// Shared: among the consumers that answered lately, no more deliver than fail (out of rotation
    /// counts as failing), or none delivers at all: a group that has not yet shown a healthy peer
    /// ejects nobody.
    /// </summary>
    private void TryEject(ConsumerEntry entry, long now, ConsumerHealthPolicy current, string rule)
    {
        var window = time.TimestampTicks(current.FailureRateWindow);
        int total = 0, failing = 0, delivering = 0, outOfRotation = 0;
        foreach (var other in consumers.Ordered)
        {
            if (cordoned.Contains(other.Id))
            {
                continue;
            }

            total++;
            var state = StateOf(other, now);
            if (state is ConsumerHealth.Ejected or ConsumerHealth.Probing)
            {
                outOfRotation++;
                failing++;
            }
            else if (other.Health.LastFailureAt > other.Health.LastDeliveredAt && now - other.Health.LastFailureAt < window)
            {
                // It failed lately and delivered nothing since: failing now, whether or not it has met the rule yet.
                failing++;
            }
            else if (other.Health.LastDeliveredAt != 0 && now - other.Health.LastDeliveredAt < window)
            {
                delivering++;
            }
        }

        if (delivering == 0 || failing > delivering)
        {
            if (!sharedOutage)
            {
                sharedOutage = true;
                logger.SharedOutage(group, failing, total);
            }

            return;
        }

        sharedOutage = false;
        if (outOfRotation < Math.Max(1, (int)Math.Floor(current.MaxEjectedShare * total)))
        {
            var tracker = entry.Health;
            Eject(entry, now, current, rule, rule == "consecutive" ? $"{tracker.ConsecutiveFailures} failures in a row" : $"its failure rate over {current.FailureRateWindow}");
        }
        else if (entry.Health.State != ConsumerHealth.Degraded)
        {
            Move(entry, static (t, _) => t.Degrade(), now);
            logger.ConsumerDegraded(entry.Id.Value, group, current.MaxEjectedShare);
        }
    }

    private void Eject(ConsumerEntry entry, long now, ConsumerHealthPolicy current, string rule, string why)
    {
        var tracker = entry.Health;
        var doubled = current.BaseEjection * Math.Pow(2, Math.Min(tracker.Ejections, 30));
        var jittered = (doubled < current.MaxEjection ? doubled : current.MaxEjection) * (0.8 + (0.4 * random.NextDouble()));
        var duration = jittered < current.MaxEjection ? jittered : current.MaxEjection;
        Move(entry, (t, at) => t.Eject(at + time.TimestampTicks(duration)), now);
        metrics?.ConsumerEjected(group, rule);
        logger.ConsumerEjected(entry.Id.Value, group, duration, why, tracker.LastFailure ?? "none");
    }

    /// <summary>The ejections in a row, less one for every quiet <see cref="ConsumerHealthPolicy.EjectionDecay"/> since the last counted failure.</summary>
    private int Decayed(ConsumerHealthTracker tracker, long now, ConsumerHealthPolicy current)
    {
        if (tracker.LastFailureAt == 0 || tracker.Ejections == 0)
        {
            return tracker.Ejections;
        }

        var quiet = (now - tracker.LastFailureAt) / Math.Max(1, time.TimestampTicks(current.EjectionDecay));
        return (int)Math.Max(0, tracker.Ejections - quiet);
    }
}
