using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Registry;
using Orleans.Dispatch.Routing.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Grains;

/// <summary>
/// Holds a group's routing state: registrations (persisted), live in-flight counts (leases, not
/// persisted) and an instance of each routing function in use. Every call is short: the group
/// never waits on a consumer, so it does not hold its turn for a message's conversation.
/// </summary>
internal sealed class ConsumerGroupGrain(
    [PersistentState("group", DispatchDefaults.StorageProviderName)] IPersistentState<ConsumerGroupState> state,
    RoutingFunctionRegistry registry,
    IOptions<DispatchOptions> dispatchOptions,
    TimeProvider time,
    DispatchMetrics metrics,
    ILogger<ConsumerGroupGrain> logger) : Grain, IConsumerGroupGrain, IConsumerGroupRouterGrain
{
    private readonly DispatchOptions options = dispatchOptions.Value;
    private readonly ConsumerTable consumers = new();
    private LeaseTable leases = new();
    private readonly InProgressTable inProgress = new();
    private readonly FunctionQuarantine quarantine = new(
        dispatchOptions.Value.QuarantineAfterOverruns,
        (long)(dispatchOptions.Value.QuarantineWindow.TotalSeconds * time.TimestampFrequency),
        (long)(dispatchOptions.Value.QuarantineDuration.TotalSeconds * time.TimestampFrequency));
    private readonly OutcomeLog outcomes = new(
        dispatchOptions.Value.IdempotencyCapacity,
        (long)(dispatchOptions.Value.IdempotencyWindow.TotalSeconds * time.TimestampFrequency));
    private readonly Dictionary<string, IRoutingFunction> functions = new(StringComparer.Ordinal);
    private IGrainTimer? leaseTimer;

    /// <summary>The longest one <see cref="AwaitOutcome"/> waits: well inside a group call's timeout.</summary>
    private static readonly TimeSpan LongestOwnerWaitSlice = TimeSpan.FromSeconds(1);

    private string Group => this.GetPrimaryKeyString();

    private TimeSpan OwnerWaitSlice => options.GroupCallTimeout / 2 < LongestOwnerWaitSlice ? options.GroupCallTimeout / 2 : LongestOwnerWaitSlice;

    private string FunctionInForce => state.State.RoutingFunction ?? options.DefaultRoutingFunction;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var group = Group;
        leases = new LeaseTable(delta => metrics.InFlightChanged(group, delta));
        foreach (var stored in state.State.Consumers)
        {
            var grain = GrainFactory.GetGrain<IConsumerGrain>(GrainId.Parse(stored.GrainId, CultureInfo.InvariantCulture));
            consumers.AddOrUpdate(new ConsumerId(stored.Id), grain, stored.MaxInFlight, stored.AffinityTags);
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

        var stored = new StoredConsumer
        {
            Id = registration.Id.Value,
            GrainId = registration.Consumer.GetGrainId().ToString(),
            MaxInFlight = registration.MaxInFlight,
            AffinityTags = registration.SortedTags,
        };
        var list = state.State.Consumers.Where(c => c.Id != stored.Id).Append(stored).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        await PersistAsync(new ConsumerGroupState { RoutingFunction = state.State.RoutingFunction, Consumers = list, Listed = await ListAsync() });
        return consumers.AddOrUpdate(registration.Id, registration.Consumer, registration.MaxInFlight, registration.SortedTags);
    }

    public async Task<bool> RemoveConsumer(ConsumerId consumer)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(consumer);
        if (consumers.Find(consumer) is null)
        {
            return false;
        }

        var list = state.State.Consumers.Where(c => c.Id != consumer.Value).ToList();
        await PersistAsync(new ConsumerGroupState { RoutingFunction = state.State.RoutingFunction, Consumers = list, Listed = state.State.Listed });
        return consumers.Remove(consumer);
    }

    public Task<ConsumerGroupSnapshot> GetSnapshot()
    {
        ThrowIfInvalidGroupName();
        ReleaseExpiredLeases();
        return Task.FromResult(new ConsumerGroupSnapshot(Group, FunctionInForce, [.. consumers.Views([])]));
    }

    public async Task SetRoutingFunction(string name)
    {
        ThrowIfInvalidGroupName();
        ArgumentNullException.ThrowIfNull(name);
        if (registry.Check(name) is { } problem)
        {
            throw new ArgumentException($"Cannot set the routing function of group '{Group}': {problem}", nameof(name));
        }

        await PersistAsync(new ConsumerGroupState { RoutingFunction = name, Consumers = state.State.Consumers, Listed = await ListAsync() });
        quarantine.Clear();
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
        if (request.ReleaseLease != 0)
        {
            leases.Release(request.ReleaseLease);
        }

        // Expired leases and dispatches are swept by the lease timer, not on every decision.
        var name = request.RoutingFunction ?? FunctionInForce;
        if (request.Fingerprint != Guid.Empty && outcomes.Enabled)
        {
            if (outcomes.Find(request.Message.Id, time.GetTimestamp()) is { } record)
            {
                return record.Fingerprint == request.Fingerprint ? RouteResult.Recorded(name, record) : RouteResult.Conflict(name);
            }

            if (inProgress.TryBegin(request.Message.Id, request.Fingerprint, time.GetTimestamp() + InProgressLifetimeTicks()) is { } owner)
            {
                return owner == request.Fingerprint ? RouteResult.InProgress(name) : RouteResult.Conflict(name);
            }

            EnsureLeaseTimer();
        }
        else if (inProgress.Count > 0)
        {
            inProgress.Renew(request.Message.Id, time.GetTimestamp() + InProgressLifetimeTicks());
        }

        var function = GetFunction(name, out var missing);
        if (function is null)
        {
            logger.RoutingFunctionFailed(name, Group, RoutingEvaluationFailure.NotRegistered, missing!);
            return RouteResult.Failed(name, RoutingEvaluationFailure.NotRegistered, missing!);
        }

        var candidates = consumers.Views(request.Excluded);
        if (candidates.Length == 0)
        {
            return RouteResult.NoConsumer(name, consumers.Count == 0
                ? "the group has no consumers"
                : $"all {consumers.Count} consumer(s) of the group were excluded after crashing");
        }

        if (quarantine.IsQuarantined(name, time.GetTimestamp(), out var until))
        {
            var left = time.GetElapsedTime(time.GetTimestamp(), until);
            return RouteResult.Failed(name, RoutingEvaluationFailure.Quarantined, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"it overran the routing timeout {options.QuarantineAfterOverruns} time(s) within {options.QuarantineWindow} and is quarantined for group '{Group}' for {left.TotalSeconds:0.#} s more, or until SetRoutingFunction is called; it was not run"));
        }

        var evaluation = await RoutingEvaluator.EvaluateAsync(function, request.Message, candidates, options.RoutingTimeout, time);
        if (evaluation.Failure is { } failure)
        {
            if (failure == RoutingEvaluationFailure.TimedOut)
            {
                // The abandoned run may still be executing: the next decision gets a fresh instance.
                functions.Remove(name);
                if (quarantine.RecordOverrun(name, time.GetTimestamp()))
                {
                    logger.RoutingFunctionQuarantined(name, Group, options.QuarantineAfterOverruns, options.QuarantineWindow, options.QuarantineDuration);
                }
            }

            logger.RoutingFunctionFailed(name, Group, failure, evaluation.Detail!);
            return RouteResult.Failed(name, failure, evaluation.Detail!);
        }

        if (evaluation.Decision.Consumer is not { } selected)
        {
            return RouteResult.NoConsumer(name, DescribeNobody(name, candidates));
        }

        var entry = consumers.Find(selected);
        if (entry is null || Array.IndexOf(request.Excluded, selected) >= 0)
        {
            return RouteResult.Unknown(name, selected);
        }

        var lease = leases.Acquire(entry, time.GetTimestamp() + LeaseLifetimeTicks());
        EnsureLeaseTimer();
        return RouteResult.Selected(name, entry, lease);
    }

    public Task Complete(string messageId, long lease, OutcomeRecord? record)
    {
        leases.Release(lease);
        if (record is not null)
        {
            outcomes.Record(record, time.GetTimestamp());
        }

        inProgress.End(messageId, record);
        return Task.CompletedTask;
    }

    public async Task<OutcomeRecord?> AwaitOutcome(string messageId)
    {
        if (outcomes.Find(messageId, time.GetTimestamp()) is { } record)
        {
            return record;
        }

        // Bounded: a request that waits on this grain's own future messages (Complete) would hold
        // a deactivation forever, since Orleans runs no queued message while running requests
        // drain. The caller asks again; after a deactivation it reaches the next activation.
        var finished = inProgress.WaitAsync(messageId);
        await ((Task)finished.WaitAsync(OwnerWaitSlice, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return finished.IsCompletedSuccessfully ? finished.Result : null;
    }

    public Task Forget(string[] messageIds)
    {
        foreach (var messageId in messageIds)
        {
            outcomes.Forget(messageId);
        }

        return Task.CompletedTask;
    }

    public Task Release(long lease)
    {
        leases.Release(lease);
        return Task.CompletedTask;
    }

    /// <summary>Every public method checks the key first, so a bad group name fails with <see cref="ArgumentException"/>.</summary>
    private void ThrowIfInvalidGroupName() => GroupName.Validate(Group);

    private static string DescribeNobody(string function, ConsumerStateView[] candidates)
    {
        var atCapacity = candidates.Count(c => !c.HasCapacity);
        return atCapacity == candidates.Length
            ? $"routing function '{function}' selected nobody: all {candidates.Length} candidate(s) are at capacity (MaxInFlight reached)"
            : $"routing function '{function}' selected nobody among {candidates.Length} candidate(s)";
    }

    private IRoutingFunction? GetFunction(string name, out string? problem)
    {
        problem = null;
        if (functions.TryGetValue(name, out var function))
        {
            return function;
        }

        function = registry.TryCreate(name, out problem);
        if (function is not null)
        {
            functions[name] = function;
        }
        else
        {
            problem = $"it is not registered on silo {RuntimeIdentity}: {problem}";
        }

        return function;
    }

    /// <summary>A lease expires half the grace after the attempt timeout; the sweep runs every half grace, so a lost attempt is released within AttemptTimeout + InFlightLeaseGrace.</summary>
    private long LeaseLifetimeTicks() =>
        (long)((options.AttemptTimeout + (options.InFlightLeaseGrace / 2)).TotalSeconds * time.TimestampFrequency);

    /// <summary>
    /// A dispatch's claim on its message id lasts an attempt timeout plus the grace from its last
    /// routing call: an owner lost with its silo stops blocking repeats within that.
    /// </summary>
    private long InProgressLifetimeTicks() =>
        (long)((options.AttemptTimeout + options.InFlightLeaseGrace).TotalSeconds * time.TimestampFrequency);

    private void ReleaseExpiredLeases()
    {
        if (inProgress.Count > 0)
        {
            inProgress.ExpireOld(time.GetTimestamp());
        }

        if (leases.Count == 0)
        {
            return;
        }

        var released = leases.ReleaseExpired(time.GetTimestamp());
        if (released > 0)
        {
            logger.LeasesExpired(Group, released);
        }
    }

    private void EnsureLeaseTimer()
    {
        if (leaseTimer is not null)
        {
            return;
        }

        var period = options.InFlightLeaseGrace / 2;
        leaseTimer = this.RegisterGrainTimer(
            static (grain, _) =>
            {
                grain.ReleaseExpiredLeases();
                if (grain.leases.Count == 0 && grain.inProgress.Count == 0)
                {
                    grain.leaseTimer?.Dispose();
                    grain.leaseTimer = null;
                }

                return Task.CompletedTask;
            },
            this,
            new GrainTimerCreationOptions { DueTime = period, Period = period, KeepAlive = false });
    }

    /// <summary>Lists the group in the registry on its first change; true once listed.</summary>
    private async Task<bool> ListAsync()
    {
        if (!state.State.Listed)
        {
            await GrainFactory.GetGrain<IGroupRegistryWriterGrain>(IGroupRegistryGrain.Key).Register(Group);
        }

        return true;
    }

    /// <summary>Writes <paramref name="next"/>; on failure the state in force stays as it was.</summary>
    private async Task PersistAsync(ConsumerGroupState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
