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

        return await registrations.ChangeAsync(async current => current.With(registration, await ListAsync(current)), registration.Id);
    }

    public async Task<bool> RemoveConsumer(ConsumerId consumer)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        return !await registrations.ChangeAsync(current => Task.FromResult(current.Consumers.Exists(c => c.Id == consumer.Value) ? current.Without(consumer) : null), consumer);
    }

    public Task<ConsumerGroupSnapshot> GetSnapshot()
    {
        ThrowIfInvalidGroupName();
        Sweep();
        return Task.FromResult(new ConsumerGroupSnapshot(Group, FunctionInForce, [.. consumers.Views([])]) { Draining = consumers.Draining() });
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
        leases.Release(request.ReleaseLease, request.Owner);
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
        entry.Claim!.Latest = (request.Call, result);
        return result;
    }

    public Task Complete(string messageId, Guid owner, long lease, OutcomeRecord? record)
    {
        leases.Release(lease, owner);
        if (ledger.End(messageId, owner, record)?.Latest.Result is { Lease: not 0 } latest)
        {
            // A dispatch cancelled while its routing call was answered never heard of this lease.
            leases.Release(latest.Lease, owner);
        }

        return Task.CompletedTask;
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

    public Task Release(Guid owner, long lease)
    {
        leases.Release(lease, owner);
        return Task.CompletedTask;
    }

    /// <summary>Every public method checks the key first, so a bad group name fails with <see cref="ArgumentException"/>.</summary>
    private void ThrowIfInvalidGroupName() => GroupName.Validate(Group);

    /// <summary>Releases expired leases and ends expired claims.</summary>
    private void Sweep()
    {
        foreach (var claim in ledger.ExpireClaims())
        {
            leases.Release(claim.Latest.Result?.Lease ?? 0, claim.Owner);
        }

        if (leases.Count > 0 && leases.ReleaseExpired(time.GetTimestamp()) is > 0 and var released)
        {
            logger.LeasesExpired(Group, released);
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

                return Task.CompletedTask;
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
