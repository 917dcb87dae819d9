using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>The group's side of its dispatches (<see cref="IConsumerGroupRouterGrain"/>): routing decisions, grants, claims and leases.</summary>
internal sealed partial class ConsumerGroupGrain
{
    public async Task<RouteResult> Route(RouteRequest request)
    {
        var released = leases.Release(request.ReleaseLease, request.Owner);
        var function = request.RoutingFunction ?? FunctionInForce;
        var entry = ledger.Claim(request.Message.Id, request.Fingerprint, request.Owner, request.Call, request.OwnerSilo);
        if (!entry.IsOwned)
        {
            return new RouteResult(entry.Status!.Value, function, null, null, 0, null, default, entry.Record);
        }

        EnsureSweep();
        var claim = entry.Claim!;
        if (entry.IsNew && waiting.Admit(claim, request, function) is { } held)
        {
            return Refused(held, request) ?? (claim.Latest = (request.Call, held)).Result!;
        }

        if (entry.Answered is { } answered && (answered.Lease == 0 || leases.Holds(answered.Lease)))
        {
            // The owner sent this call again (the first answer was late or lost): same answer, no second lease.
            return answered;
        }

        var result = await router.RouteAsync(request.Message, function, request.Excluded, request.Owner, claim.KeySequence);
        if (result.Status == RouteStatus.Waiting && Refused(waiting.Wait(claim, request, result), request) is { } overloaded)
        {
            return overloaded;
        }

        claim.Latest = (request.Call, result);
        if (released)
        {
            await waiting.ServeAsync();
        }

        return result;
    }

    // Bounded, as AwaitOutcome is.
    public async Task<RouteResult> AwaitGrant(string messageId, Guid owner)
    {
        if (ledger.Renew(messageId, owner) is not { } claim)
        {
            return RouteResult.NotWaiting(FunctionInForce);
        }

        if (claim.Waiting is not { } waiter)
        {
            // Granted while the caller was between two waits, or ended: the latest answer says which.
            return claim.Latest.Result is { Status: not RouteStatus.Waiting } latest ? latest : RouteResult.NotWaiting(FunctionInForce);
        }

        var granted = waiter.Granted.Task;
        await ((Task)granted.WaitAsync(OwnerWaitSlice, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return granted.IsCompletedSuccessfully ? granted.Result : RouteResult.Waiting(waiter.Function);
    }

    public Task ServeWaiters() => waiting.ServeAsync(everyWaiter: true);

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        End(messageId, owner, lease, record);
        return waiting.ServeAsync();
    }

    public async Task<bool> RecordFailure(string messageId, Guid owner, long lease, OutcomeRecord record)
    {
        var held = End(messageId, owner, lease, record);
        await waiting.ServeAsync();
        return held;
    }

    // Bounded: a request that waits on this grain's own future messages (Complete) would hold a
    // deactivation forever, since Orleans runs no queued message while running requests drain.
    // The caller asks again; after a deactivation it reaches the next activation.
    public Task<OutcomeRecord?> AwaitOutcome(string messageId)
    {
        if (ledger.ClaimOn(messageId) is { } claim && IsDead(claim.OwnerSilo))
        {
            // Its owner's silo was declared dead: that dispatch cannot end, so the repeat takes over now.
            AbandonClaimsOnDeadSilos();
            return Task.FromResult<OutcomeRecord?>(null);
        }

        return ledger.WaitAsync(messageId, OwnerWaitSlice);
    }

    public Task Forget(string[] messageIds)
    {
        foreach (var messageId in messageIds)
        {
            ledger.Forget(messageId);
        }

        return Task.CompletedTask;
    }

    public Task Release(Guid owner, long lease) => leases.Release(lease, owner) ? waiting.ServeAsync() : Task.CompletedTask;

    /// <summary>Ends <paramref name="owner"/>'s dispatch of <paramref name="messageId"/>: its lease released, its claim ended with <paramref name="record"/>; true when it held the claim.</summary>
    private bool End(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        leases.Release(lease, owner);
        if (ledger.End(messageId, owner, record) is not { } claim)
        {
            return false;
        }

        waiting.Ended(claim);
        if (record is not null)
        {
            activity.Ended(record.Failure?.GetType().Name, record.Outcome?.RerouteTimings.Count ?? record.Failure!.Crashes.Count, time.GetElapsedTime(claim.ClaimedAt));
        }

        return true;
    }

    /// <summary>Whether the cluster declared <paramref name="silo"/> dead.</summary>
    private bool IsDead(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Dead;

    /// <summary>
    /// Ends the claims of dispatches running on silos the cluster declared dead: they can no longer
    /// end, and a repeat waiting for one takes the message id over at once instead of waiting
    /// for the claim to expire. Their leases stay until they expire: the attempts they stand for
    /// may still be running at live consumers.
    /// </summary>
    private void AbandonClaimsOnDeadSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        sweptMembership = snapshot.Version;
        var abandoned = ledger.Abandon(c => snapshot.GetSiloStatus(c.OwnerSilo) == SiloStatus.Dead);
        foreach (var claim in abandoned)
        {
            waiting.Ended(claim);
        }

        if (abandoned.Count > 0)
        {
            logger.ClaimsAbandoned(Group, abandoned.Count, string.Join(", ", abandoned.Select(c => c.OwnerSilo).Distinct()));
        }
    }

    /// <summary>An overloaded answer ends the dispatch's claim here (flow control: nothing recorded, the id free again).</summary>
    private RouteResult? Refused(RouteResult answer, RouteRequest request)
    {
        if (answer.Status != RouteStatus.Overloaded)
        {
            return null;
        }

        if (ledger.End(request.Message.Id, request.Owner, null) is { } claim)
        {
            waiting.Ended(claim);
        }

        activity.Ended(nameof(GroupOverloadedException), request.Excluded.Length, null);
        return answer;
    }

    /// <summary>Releases expired leases and ends expired claims.</summary>
    private void Sweep()
    {
        foreach (var claim in ledger.ExpireClaims())
        {
            waiting.Ended(claim);
        }

        if (ledger.HasClaims && membership.CurrentSnapshot.Version != sweptMembership)
        {
            AbandonClaimsOnDeadSilos();
        }

        if (leases.Count > 0 && leases.ReleaseExpired(time.GetTimestamp()) is > 0 and var released)
        {
            logger.LeasesExpired(Group, released);
        }
    }

    /// <summary>From a call that interleaves with routing: serves the line in a turn of its own, so serving never runs beside a routing decision.</summary>
    private void ServeWaitersSoon()
    {
        if (waiting.Waiting > 0)
        {
            Background.Observe(this.AsReference<IConsumerGroupRouterGrain>().ServeWaiters());
        }
    }

    /// <summary>Runs <see cref="Sweep"/> every half grace while there are leases or claims.</summary>
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
                if (grain.leases.Count == 0 && !grain.ledger.HasClaims)
                {
                    grain.sweep?.Dispose();
                    grain.sweep = null;
                }

                return grain.waiting.ServeAsync();
            },
            this,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = false });
    }
}
