using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Group.Leases;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Routing.Supervision;

namespace Orleans.Dispatch.Group.Decisions;

/// <summary>
/// One routing decision of a group: the snapshot of the consumers not excluded for the message,
/// the routing function run under supervision, and a lease on the chosen consumer's capacity.
/// </summary>
internal sealed class RoutingDecider(
    string group,
    ConsumerTable consumers,
    LeaseTable leases,
    GroupFunctions functions,
    GroupHealth health,
    DispatchOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>How many times one decision runs the function when its pick keeps vanishing before the dispatch is told to route again.</summary>
    internal const int MaxDecisions = 4;

    /// <summary>
    /// Decides where <paramref name="message"/> goes with <paramref name="function"/>, among the
    /// consumers not in <paramref name="excluded"/>, and takes a lease on the one selected for <paramref name="owner"/>.
    /// </summary>
    public async ValueTask<RouteAnswer> DecideAsync(RoutingMessage message, string function, ConsumerId[] excluded, Guid owner, long? keySequence)
    {
        var instance = functions.Get(function, out var missing);
        if (instance is null)
        {
            logger.RoutingFunctionFailed(function, group, RoutingEvaluationFailure.NotRegistered, missing!);
            return new EvaluationFailed(function, RoutingEvaluationFailure.NotRegistered, missing!);
        }

        // A registration change may land while a custom function runs (registrations interleave
        // with routing): a pick that vanished meanwhile is the group's change, not the function's
        // fault, so the group decides again over the consumers it has now.
        for (var decision = 1; ; decision++)
        {
            var (answer, vanished) = await DecideOnceAsync(instance, message, function, excluded, owner, keySequence);
            if (vanished is null)
            {
                return answer!;
            }

            logger.PickVanished(group, function, vanished.Value, decision);
            if (decision == MaxDecisions)
            {
                // The group's consumers keep changing under the function: the dispatch routes again.
                return RouteAgain.Instance;
            }
        }
    }

    /// <summary>One run of the function: its answer, or the consumer it picked that was removed while it ran.</summary>
    private async ValueTask<(RouteAnswer? Answer, ConsumerId? Vanished)> DecideOnceAsync(IRoutingFunction instance, RoutingMessage message, string function, ConsumerId[] excluded, Guid owner, long? keySequence)
    {
        var candidates = health.Candidates(excluded, reroute: excluded.Length > 0);
        if (candidates.Length == 0)
        {
            return (DescribeNone(function, excluded), null);
        }

        if (functions.QuarantinedFor(function) is { } left)
        {
            return (new EvaluationFailed(function, RoutingEvaluationFailure.Quarantined, string.Create(
                CultureInfo.InvariantCulture,
                $"it overran the routing timeout {options.QuarantineAfterOverruns} time(s) within {options.QuarantineWindow} and is quarantined for group '{group}' for {left.TotalSeconds:0.#} s more, or until SetRoutingFunction is called; it was not run")), null);
        }

        var evaluation = await RoutingEvaluator.EvaluateAsync(instance, message, candidates, options.RoutingTimeout, time);
        if (evaluation.Failure is { } failure)
        {
            if (failure == RoutingEvaluationFailure.TimedOut && functions.Overran(function))
            {
                logger.RoutingFunctionQuarantined(function, group, options.QuarantineAfterOverruns, options.QuarantineWindow, options.QuarantineDuration);
            }

            logger.RoutingFunctionFailed(function, group, failure, evaluation.Detail!);
            return (new EvaluationFailed(function, failure, evaluation.Detail!), null);
        }

        if (evaluation.Decision.IsWait && options.MaxWaitingPerGroup > 0)
        {
            return (new Wait(function), null);
        }

        if (evaluation.Decision.Consumer is not { } selected)
        {
            return (new NoConsumer(function, DescribeNobody(function, candidates)), null);
        }

        if (!WasCandidate(candidates, selected))
        {
            return (new UnknownConsumer(function, selected), null);
        }

        if (consumers.Find(selected) is not { } entry)
        {
            return (null, selected);
        }

        var trial = health.Granting(entry, options.AttemptTimeout, out var attemptTimeout);
        return (new Granted(function, entry.Id, entry.Consumer, leases.Acquire(entry, LeaseExpiry(), owner, time.GetTimestamp(), trial), keySequence, trial, attemptTimeout), null);
    }

    private static bool WasCandidate(ConsumerStateView[] candidates, ConsumerId selected)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Consumer == selected)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No candidate was left: every consumer the message did not crash on is out of rotation.</summary>
    private NoConsumer DescribeNone(string function, ConsumerId[] excluded)
    {
        if (consumers.Count == 0)
        {
            return new NoConsumer(function, "the group has no consumers");
        }

        var outOfRotation = consumers.Ordered.Where(c => Array.IndexOf(excluded, c.Id) < 0).Select(c => c.Id).ToArray();
        var crashed = consumers.Count - outOfRotation.Length;
        return outOfRotation.Length == 0
            ? new NoConsumer(function, $"all {consumers.Count} consumer(s) of the group were excluded after crashing")
            : new NoConsumer(function, $"of the group's {consumers.Count} consumer(s), {crashed} were excluded after crashing and {outOfRotation.Length} are out of rotation (ejected or cordoned)", outOfRotation);
    }

    private static string DescribeNobody(string function, ConsumerStateView[] candidates)
    {
        var atCapacity = candidates.Count(c => !c.HasCapacity);
        return atCapacity == candidates.Length
            ? $"routing function '{function}' selected nobody: all {candidates.Length} candidate(s) are at capacity (MaxInFlight reached)"
            : $"routing function '{function}' selected nobody among {candidates.Length} candidate(s)";
    }

    /// <summary>A lease expires half the grace after the attempt timeout; the sweep runs every half grace, so a lost attempt is released within AttemptTimeout + InFlightLeaseGrace.</summary>
    private long LeaseExpiry() => time.TimestampAfter(options.AttemptTimeout + (options.InFlightLeaseGrace / 2));
}
