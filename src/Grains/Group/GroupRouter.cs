using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Routing.Supervision;

namespace Orleans.Dispatch.Group;

/// <summary>
/// One routing decision of a group, outside Orleans: the snapshot of the consumers not excluded
/// for the message, the routing function run under supervision, and a lease on the chosen
/// consumer's capacity. The group grain calls it for every routing call; the property tests drive it directly.
/// </summary>
internal sealed class GroupRouter(
    string group,
    ConsumerTable consumers,
    LeaseTable leases,
    GroupFunctions functions,
    DispatchOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>
    /// Decides where <paramref name="message"/> goes with <paramref name="function"/>, among the
    /// consumers not in <paramref name="excluded"/>, and takes a lease on the one selected for <paramref name="owner"/>.
    /// </summary>
    public async ValueTask<RouteResult> RouteAsync(RoutingMessage message, string function, ConsumerId[] excluded, Guid owner = default, long? keySequence = null)
    {
        var instance = functions.Get(function, out var missing);
        if (instance is null)
        {
            logger.RoutingFunctionFailed(function, group, RoutingEvaluationFailure.NotRegistered, missing!);
            return RouteResult.Failed(function, RoutingEvaluationFailure.NotRegistered, missing!);
        }

        var candidates = consumers.Views(excluded);
        if (candidates.Length == 0)
        {
            return RouteResult.NoConsumer(function, consumers.Count == 0
                ? "the group has no consumers"
                : $"all {consumers.Count} consumer(s) of the group were excluded after crashing");
        }

        if (functions.QuarantinedFor(function) is { } left)
        {
            return RouteResult.Failed(function, RoutingEvaluationFailure.Quarantined, string.Create(
                CultureInfo.InvariantCulture,
                $"it overran the routing timeout {options.QuarantineAfterOverruns} time(s) within {options.QuarantineWindow} and is quarantined for group '{group}' for {left.TotalSeconds:0.#} s more, or until SetRoutingFunction is called; it was not run"));
        }

        var evaluation = await RoutingEvaluator.EvaluateAsync(instance, message, candidates, options.RoutingTimeout, time);
        if (evaluation.Failure is { } failure)
        {
            if (failure == RoutingEvaluationFailure.TimedOut && functions.Overran(function))
            {
                logger.RoutingFunctionQuarantined(function, group, options.QuarantineAfterOverruns, options.QuarantineWindow, options.QuarantineDuration);
            }

            logger.RoutingFunctionFailed(function, group, failure, evaluation.Detail!);
            return RouteResult.Failed(function, failure, evaluation.Detail!);
        }

        if (evaluation.Decision.IsWait && options.MaxWaitingPerGroup > 0)
        {
            return RouteResult.Waiting(function);
        }

        if (evaluation.Decision.Consumer is not { } selected)
        {
            return RouteResult.NoConsumer(function, DescribeNobody(function, candidates));
        }

        var entry = consumers.Find(selected);
        if (entry is null || Array.IndexOf(excluded, selected) >= 0)
        {
            return RouteResult.Unknown(function, selected);
        }

        return RouteResult.Selected(function, entry, leases.Acquire(entry, LeaseExpiry(), owner), keySequence);
    }

    /// <summary>
    /// Decides again for the waiting dispatches, oldest first, while any consumer has room (for
    /// every one, with <paramref name="everyWaiter"/>: the registrations changed, so some may now
    /// have nobody to wait for):
    /// each one granted a consumer (its lease taken in this turn, so capacity is never exceeded)
    /// or ended another way leaves the line with that answer; one still told to wait keeps its
    /// place without holding up younger ones that can be served.
    /// </summary>
    public async ValueTask ServeAsync(WaitingLine line, bool everyWaiter = false)
    {
        var startedAt = Stopwatch.GetTimestamp();
        foreach (var waiter in line.OldestFirst())
        {
            if (!everyWaiter && !consumers.AnyWithCapacity())
            {
                return;
            }

            var request = waiter.Request;
            var result = await RouteAsync(request.Message, waiter.Function, request.Excluded, waiter.Claim.Owner, waiter.Claim.KeySequence);
            if (result.Status != RouteStatus.Waiting && line.Answer(waiter, result))
            {
                waiter.Claim.Latest = (request.Call, result);
                if (result.Status == RouteStatus.Selected)
                {
                    WaitingLineDiagnostics.Granted(group, request.Message.Id, waiter.Claim.Arrival, startedAt);
                }
            }
            else if (result.Status == RouteStatus.Selected)
            {
                // The waiter left the line while its function ran (cancelled): nobody takes this lease.
                leases.Release(result.Lease, waiter.Claim.Owner);
            }
        }
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
