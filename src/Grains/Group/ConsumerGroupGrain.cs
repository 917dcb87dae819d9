using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Registry;
using Orleans.Dispatch.Routing;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>
/// The Orleans shell of a consumer group: its persisted registrations, and per activation the
/// live consumers and their leases (<see cref="ConsumerTable"/>, <see cref="LeaseTable"/>), the
/// message-id ledger (<see cref="MessageLedger"/>) and the routing decision
/// (<see cref="GroupRouter"/>). Every call is short and bounded: the group never waits on a
/// consumer, nor on its own later messages, so it neither holds its turn for a conversation nor
/// holds up its own deactivation.
/// </summary>
internal sealed class ConsumerGroupGrain(
    [PersistentState("group", DispatchDefaults.StorageProviderName)] IPersistentState<ConsumerGroupState> state,
    RoutingFunctionRegistry registry,
    IOptions<DispatchOptions> dispatchOptions,
    TimeProvider time,
    DispatchMetrics metrics,
    ILogger<ConsumerGroupGrain> logger) : Grain, IConsumerGroupGrain, IConsumerGroupRouterGrain
{
    /// <summary>The longest one <see cref="AwaitOutcome"/> waits: well inside a group call's timeout.</summary>
    private static readonly TimeSpan LongestOwnerWaitSlice = TimeSpan.FromSeconds(1);

    private readonly DispatchOptions options = dispatchOptions.Value;
    private readonly ConsumerTable consumers = new();

    private LeaseTable leases = null!;
    private MessageLedger ledger = null!;
    private GroupRouter router = null!;
    private GroupFunctions functions = null!;
    private RegistrationWriter registrations = null!;
    private WaitingLine line = null!;
    private bool serving;
    private bool serveAgain;
    private IGrainTimer? sweep;

    private string Group => this.GetPrimaryKeyString();

    private string FunctionInForce => state.State.RoutingFunction ?? options.DefaultRoutingFunction;

    private TimeSpan OwnerWaitSlice => options.GroupCallTimeout / 2 < LongestOwnerWaitSlice ? options.GroupCallTimeout / 2 : LongestOwnerWaitSlice;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var group = Group;
        leases = new LeaseTable(delta => metrics.InFlightChanged(group, delta));
        ledger = new MessageLedger(options, time);
        functions = new GroupFunctions(registry, options, time, RuntimeIdentity);
        router = new GroupRouter(group, consumers, leases, functions, options, time, logger);
        registrations = new RegistrationWriter(state, consumers, GrainFactory);
        line = new WaitingLine(options.MaxWaitingPerGroup, time, delta => metrics.WaitingChanged(group, delta), waited => metrics.WaitEnded(group, waited));
        try
        {
            state.State.ApplyTo(consumers, GrainFactory);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // Reported as the group's failure, never as an argument of whoever called first.
            throw new InvalidOperationException($"Group '{group}' cannot load its stored registrations: {exception.Message}", exception);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Waiters still here ask again and reach the next activation.
        foreach (var waiter in line.OldestFirst())
        {
            line.Answer(waiter, RouteResult.NotWaiting(waiter.Function));
        }

        leases.ReleaseAll();
        return Task.CompletedTask;
    }

    public async Task<bool> AddConsumer(ConsumerRegistration registration)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.FindDefect() is { } defect)
        {
            throw new ArgumentException($"The consumer registration is malformed: {defect}.", nameof(registration));
        }

        var isNew = await registrations.ChangeAsync(async current => current.With(registration, await ListAsync(current)), registration.Id);
        ServeWaitersSoon();
        return isNew;
    }

    public async Task<bool> RemoveConsumer(ConsumerId consumer)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        var wasNew = await registrations.ChangeAsync(current => Task.FromResult(current.Consumers.Exists(c => c.Id == consumer.Value) ? current.Without(consumer) : null), consumer);
        ServeWaitersSoon();
        return !wasNew;
    }

    public Task<ConsumerGroupSnapshot> GetSnapshot()
    {
        ThrowIfInvalidGroupName();
        Sweep();
        return Task.FromResult(new ConsumerGroupSnapshot(Group, FunctionInForce, [.. consumers.Views([])])
        {
            Draining = consumers.Draining(),
            Waiting = line.Count,
            OldestWaitingFor = line.EarliestEntry() is { } earliest ? time.GetElapsedTime(earliest) : TimeSpan.Zero,
        });
    }

    public async Task SetRoutingFunction(string name)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(name);
        if (registry.Check(name) is { } problem)
        {
            throw new ArgumentException($"Cannot set the routing function of group '{Group}': {problem}", nameof(name));
        }

        await registrations.ChangeAsync(async current => current.WithFunction(name, await ListAsync(current)), null);
        functions.ClearQuarantine();
        ServeWaitersSoon();
        logger.RoutingFunctionSet(Group, name);
    }

    public Task<bool> ReportBufferDepth(ConsumerId consumer, int bufferDepth)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(bufferDepth);
        var entry = consumers.Find(consumer);
        if (entry is not null)
        {
            entry.BufferDepth = bufferDepth;
        }

        return Task.FromResult(entry is not null);
    }

    public async Task<RouteResult> Route(RouteRequest request)
    {
        var released = leases.Release(request.ReleaseLease, request.Owner);
        var function = request.RoutingFunction ?? FunctionInForce;
        var entry = ledger.Claim(request.Message.Id, request.Fingerprint, request.Owner, request.Call);
        if (!entry.IsOwned)
        {
            return new RouteResult(entry.Status!.Value, function, null, null, 0, null, default, entry.Record);
        }

        EnsureSweep();
        if (entry.Answered is { } answered && (answered.Lease == 0 || leases.Holds(answered.Lease)))
        {
            // The owner sent this call again (the first answer was late or lost): same answer, no second lease.
            return answered;
        }

        var result = await router.RouteAsync(request.Message, function, request.Excluded, request.Owner);
        var claim = entry.Claim!;
        if (result.Status == RouteStatus.Waiting)
        {
            if (line.IsFull)
            {
                // Flow control, not a failure of the message: nothing is recorded, the id is free again.
                ledger.End(request.Message.Id, request.Owner, null);
                return RouteResult.Overloaded(function, line.Count);
            }

            if (claim.Waiting is null)
            {
                claim.Waiting = new Waiter(claim, request, function, time.GetTimestamp());
                line.Enter(claim.Waiting);
            }
        }

        claim.Latest = (request.Call, result);
        if (released)
        {
            await ServeWaitersAsync();
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

    public Task ServeWaiters() => ServeWaitersAsync(everyWaiter: true);

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        leases.Release(lease, owner);
        if (ledger.End(messageId, owner, record) is { } claim)
        {
            EndClaim(claim);
        }

        return ServeWaitersAsync();
    }

    // Bounded: a request that waits on this grain's own future messages (Complete) would hold a
    // deactivation forever, since Orleans runs no queued message while running requests drain.
    // The caller asks again; after a deactivation it reaches the next activation.
    public Task<OutcomeRecord?> AwaitOutcome(string messageId) => ledger.WaitAsync(messageId, OwnerWaitSlice);

    public Task Forget(string[] messageIds)
    {
        foreach (var messageId in messageIds)
        {
            ledger.Forget(messageId);
        }

        return Task.CompletedTask;
    }

    public Task Release(Guid owner, long lease) => leases.Release(lease, owner) ? ServeWaitersAsync() : Task.CompletedTask;

    /// <summary>Every public method checks the key first, so a bad group name fails with <see cref="ArgumentException"/>.</summary>
    private void ThrowIfInvalidGroupName() => GroupName.Validate(Group);

    /// <summary>Releases expired leases and ends expired claims.</summary>
    private void Sweep()
    {
        foreach (var claim in ledger.ExpireClaims())
        {
            EndClaim(claim);
        }

        if (leases.Count > 0 && leases.ReleaseExpired(time.GetTimestamp()) is > 0 and var released)
        {
            logger.LeasesExpired(Group, released);
        }
    }

    /// <summary>
    /// After a claim ended (reported, cancelled, expired): takes it out of the waiting line, and
    /// releases the lease of its latest decision, which a dispatch cancelled mid-call never heard of.
    /// </summary>
    private void EndClaim(Claim claim)
    {
        if (claim.Waiting is { } waiter)
        {
            line.Answer(waiter, RouteResult.NotWaiting(waiter.Function));
        }

        if (claim.Latest.Result is { Lease: not 0 } latest)
        {
            leases.Release(latest.Lease, claim.Owner);
        }
    }

    /// <summary>Serves the waiting line in this turn; once at a time, again if capacity appeared meanwhile.</summary>
    private async Task ServeWaitersAsync(bool everyWaiter = false)
    {
        if (line.Count == 0)
        {
            return;
        }

        if (serving)
        {
            serveAgain = true;
            return;
        }

        serving = true;
        try
        {
            do
            {
                serveAgain = false;
                await router.ServeAsync(line, everyWaiter);
            }
            while (serveAgain && line.Count > 0);
        }
        finally
        {
            serving = false;
        }
    }

    /// <summary>From a call that interleaves with routing: serves the line in a turn of its own, so serving never runs beside a routing decision.</summary>
    private void ServeWaitersSoon()
    {
        if (line.Count > 0)
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

                return grain.ServeWaitersAsync();
            },
            this,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = false });
    }

    /// <summary>Lists the group in the registry on its first change; true once listed.</summary>
    private async Task<bool> ListAsync(ConsumerGroupState current)
    {
        if (!current.Listed)
        {
            await GrainFactory.GetGrain<IGroupRegistryWriterGrain>(IGroupRegistryGrain.Key).Register(Group);
        }

        return true;
    }
}
