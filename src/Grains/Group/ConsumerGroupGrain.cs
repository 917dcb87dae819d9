using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Group.Registrations;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Registry;
using Orleans.Dispatch.Routing;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>
/// The Orleans shell of a consumer group (its operators' side here; its dispatches' side in
/// <c>ConsumerGroupGrain.Routing.cs</c>): its persisted registrations, the live consumers they
/// make (<see cref="ConsumerTable"/>), and per activation the <see cref="GroupDispatcher"/> that
/// owns everything its dispatches touch. Every call is short and bounded: the group never waits on
/// a consumer, nor on its own later messages, so it neither holds its turn for a conversation nor
/// holds up its own deactivation.
/// </summary>
internal sealed partial class ConsumerGroupGrain(
    [PersistentState("group", DispatchDefaults.StorageProviderName)] IPersistentState<ConsumerGroupState> state,
    RoutingFunctionRegistry registry,
    IOptions<DispatchOptions> dispatchOptions,
    TimeProvider time,
    DispatchMetrics metrics,
    IClusterMembershipService membership,
    ILogger<ConsumerGroupGrain> logger) : Grain, IConsumerGroupGrain, IConsumerGroupRouterGrain, IConsumerGroupWorkersGrain
{
    /// <summary>The longest one wait for a grant or an outcome lasts (<see cref="AwaitGrant"/>, <see cref="AwaitOutcome"/>): well inside a group call's timeout.</summary>
    private static readonly TimeSpan LongestWaitSlice = TimeSpan.FromSeconds(1);

    private readonly DispatchOptions options = dispatchOptions.Value;
    private readonly ConsumerTable consumers = new();

    private GroupDispatcher dispatcher = null!;
    private RegistrationWriter registrations = null!;
    private IGrainTimer? sweep;
    private MembershipVersion sweptMembership;

    private string Group => this.GetPrimaryKeyString();

    private string FunctionInForce => state.State.RoutingFunction ?? options.DefaultRoutingFunction;

    private TimeSpan WaitSlice => options.GroupCallTimeout / 2 < LongestWaitSlice ? options.GroupCallTimeout / 2 : LongestWaitSlice;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Made here, not in the constructor: the grain's key and runtime identity are known from activation on.
        dispatcher = new GroupDispatcher(Group, () => FunctionInForce, consumers, registry, options, time, metrics, logger, RuntimeIdentity, () => state.State.Health ?? options.ConsumerHealth);
        dispatcher.OrderBy(state.State.OrderingKey);
        dispatcher.Health.CordonOnly(state.State.Cordoned);
        registrations = new RegistrationWriter(state, consumers, GrainFactory);
        try
        {
            state.State.ApplyTo(consumers, GrainFactory);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // Reported as the group's failure, never as an argument of whoever called first.
            throw new InvalidOperationException($"Group '{Group}' cannot load its stored registrations: {exception.Message}", exception);
        }

        GoOnFromPreviousActivation();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        sweep?.Dispose();
        if (dispatcher.Deactivate() is not { } handOver)
        {
            return;
        }

        // Storage holds what is in progress until the next activation reads it: without it, that
        // one would not know which messages are still being delivered, nor how busy each consumer is.
        try
        {
            await registrations.ChangeAsync(current => Task.FromResult<ConsumerGroupState?>(current.WithHandOver(handOver)), null).WaitAsync(cancellationToken);
            logger.HandedOver(Group, handOver.Claims.Length, handOver.Leases.Length, reason.ReasonCode.ToString());
        }
        catch (Exception exception)
        {
            logger.HandOverFailed(exception, Group, handOver.Claims.Length, handOver.Leases.Length);
        }
    }

    /// <summary>
    /// Takes the previous activation's hand-over, and clears it from storage so that no later
    /// activation takes it again; without one (the previous activation was lost with its silo),
    /// the group recovers (see <see cref="GroupDispatcher.Recover"/>).
    /// </summary>
    private void GoOnFromPreviousActivation()
    {
        if (state.State.HandOver is not { } handOver)
        {
            dispatcher.Recover();
            return;
        }

        dispatcher.Restore(handOver);
        logger.TookOver(Group, handOver.Claims.Length, handOver.Leases.Length);
        EnsureSweep();
        Background.Observe(ClearHandOverAsync());
    }

    private async Task ClearHandOverAsync()
    {
        try
        {
            await registrations.ChangeAsync(current => Task.FromResult(current.HandOver is null ? null : current.WithHandOver(null)), null);
        }
        catch (Exception exception)
        {
            // Harmless if it stays: what it holds expires within a claim's lifetime.
            logger.HandOverNotCleared(exception, Group);
        }
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
        return Task.FromResult(new ConsumerGroupSnapshot(Group, FunctionInForce, dispatcher.Health.Snapshot())
        {
            Draining = consumers.Draining(),
            Waiting = dispatcher.Waiting,
            OldestWaitingFor = dispatcher.OldestWaitingFor,
            OrderingKey = dispatcher.Ordering.Field,
            ActiveKeys = dispatcher.Ordering.ActiveKeys,
            LongestKeyQueue = dispatcher.Ordering.LongestQueue,
            ConsumerGrains = consumers.Ordered.ToDictionary(c => c.Id, c => c.Consumer.GetGrainId()),
            Workers = state.State.Workers(),
            IdempotencyHeld = dispatcher.Outcomes.Held,
            IdempotencyRecords = dispatcher.Outcomes.Records,
            IdempotencyBytes = dispatcher.Outcomes.Bytes,
        });
    }

    public Task<GroupActivity> GetActivity(int seconds = GroupActivity.MaxSeconds)
    {
        ThrowIfInvalidGroupName();
        return Task.FromResult(dispatcher.ReadActivity(seconds));
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
        dispatcher.ClearQuarantine();
        ServeWaitersSoon();
        logger.RoutingFunctionSet(Group, name);
    }

    public async Task SetOrderingKey(string? field)
    {
        ThrowIfInvalidGroupName();
        if (field is not null && Identifier.Check(field) is { } problem)
        {
            throw new ArgumentException($"Cannot order group '{Group}' by field '{field}': the field name {problem}.", nameof(field));
        }

        await registrations.ChangeAsync(async current => current.OrderingKey == field ? null : current.WithOrderingKey(field, await ListAsync(current)), null);
        if (dispatcher.Ordering.Field != field)
        {
            dispatcher.OrderBy(field);
            ServeWaitersSoon();
        }
    }

    public async Task<bool> Cordon(ConsumerId consumer)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        await registrations.ChangeAsync(current => Task.FromResult(current.Cordoned.Contains(consumer.Value) ? null : current.WithCordon(consumer, cordoned: true)), null);
        dispatcher.Health.Cordon(consumer);
        return consumers.Find(consumer) is not null;
    }

    public async Task<bool> Uncordon(ConsumerId consumer)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        await registrations.ChangeAsync(current => Task.FromResult(current.Cordoned.Contains(consumer.Value) ? current.WithCordon(consumer, cordoned: false) : null), null);
        dispatcher.Health.Uncordon(consumer);
        ServeWaitersSoon();
        return consumers.Find(consumer) is not null;
    }

    public async Task SetConsumerHealth(ConsumerHealthPolicy? policy)
    {
        ThrowIfInvalidGroupName();
        if (policy?.FindDefect() is { } defect)
        {
            throw new ArgumentException($"Cannot set the consumer-health policy of group '{Group}': {defect}.", nameof(policy));
        }

        await registrations.ChangeAsync(current => Task.FromResult(current.Health == policy ? null : current.WithHealth(policy)), null);
        ServeWaitersSoon();
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

    /// <summary>Every public method checks the key first, so a bad group name fails with <see cref="ArgumentException"/>.</summary>
    private void ThrowIfInvalidGroupName() => GroupName.Validate(Group);

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
