using System.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of its dispatches (<see cref="IConsumerGroupRouterGrain"/>): each call forwards to the <see cref="GroupDispatcher"/>.</summary>
internal sealed partial class ConsumerGroupGrain
{
    public async Task<AnswerBatch> Decide(CallBatch calls)
    {
        var started = Stopwatch.GetTimestamp();
        EnsureSweep();
        var answers = await dispatcher.DecideAsync(calls.Calls, BatchBudget);
        DrainMayHaveProgressed();
        metrics.GroupCalled(Group, Stopwatch.GetElapsedTime(started));
        return new AnswerBatch(answers);
    }

    public async Task EndAll(CallBatch ends)
    {
        var started = Stopwatch.GetTimestamp();
        await dispatcher.DecideAsync(ends.Calls);
        DrainMayHaveProgressed();
        metrics.GroupCalled(Group, Stopwatch.GetElapsedTime(started));
    }

    // Bounded, as AwaitOutcome is.
    public Task<RouteAnswer> AwaitGrant(string messageId, Guid owner)
    {
        metrics.GroupCalled(Group, TimeSpan.Zero);
        return dispatcher.AwaitGrantAsync(messageId, owner, WaitSlice);
    }

    public Task ServeWaiters() => dispatcher.ServeAsync(everyWaiter: true).AsTask();

    // Bounded: a request that waits on this grain's own future messages (Complete) would hold a
    // deactivation forever, since Orleans runs no queued message while running requests drain.
    // The caller asks again; after a deactivation it reaches the next activation.
    public Task<OutcomeRecord?> AwaitOutcome(string messageId)
    {
        metrics.GroupCalled(Group, TimeSpan.Zero);
        return dispatcher.AwaitOutcomeAsync(messageId, WaitSlice, IsDead);
    }

    public Task Forget(string[] messageIds)
    {
        foreach (var messageId in messageIds)
        {
            dispatcher.Forget(messageId);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// How long one batch may take before its remaining routing calls are deferred: a decision that
    /// starts within it ends within the routing timeout, so the batch is answered within the group
    /// call timeout, however slow the functions deciding it.
    /// </summary>
    private TimeSpan BatchBudget => (options.GroupCallTimeout - options.RoutingTimeout) / 2 is var budget && budget > TimeSpan.Zero ? budget : TimeSpan.Zero;

    /// <summary>Whether the cluster declared <paramref name="silo"/> dead.</summary>
    private bool IsDead(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead;

    /// <summary>From a call that interleaves with routing: serves the line in a turn of its own, so serving never runs beside a routing decision.</summary>
    private void ServeWaitersSoon()
    {
        if (dispatcher.Waiting > 0)
        {
            Background.Observe(this.AsReference<IConsumerGroupRouterGrain>().ServeWaiters());
        }
    }

    /// <summary>Sweeps every half grace while leases or claims are held; claims on dead silos are looked for only when membership changed.</summary>
    private void EnsureSweep()
    {
        if (sweep is not null)
        {
            return;
        }

        var period = options.InFlightLeaseGrace / 2;
        sweep = this.RegisterGrainTimer(
            static (grain, _) =>
            {
                grain.Sweep();
                if (!grain.dispatcher.HoldsAnything)
                {
                    grain.sweep?.Dispose();
                    grain.sweep = null;
                }

                return grain.dispatcher.ServeAsync().AsTask();
            },
            this,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = false });
    }

    private void Sweep()
    {
        var snapshot = membership.CurrentSnapshot;
        var changed = snapshot.Version != sweptMembership;
        sweptMembership = snapshot.Version;
        dispatcher.Sweep(changed ? IsDead : null);
        DrainMayHaveProgressed();
    }
}
