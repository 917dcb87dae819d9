using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Claims;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Group.Decisions;
using Orleans.Dispatch.Group.Figures;
using Orleans.Dispatch.Group.Health;
using Orleans.Dispatch.Group.Leases;
using Orleans.Dispatch.Group.Ordering;
using Orleans.Dispatch.Group.Waiting;
using Orleans.Dispatch.Routing;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>
/// The dispatch side of one group, outside Orleans: the message-id ledger (who owns each message
/// id in progress, and how recent ones ended), the leases on consumer capacity, the routing
/// decision, the waiting room (the line for room and ordered keys), and the per-second activity.
/// The group grain forwards every dispatch call here; tests build it alone, on fake time.
/// </summary>
/// <remarks>
/// Not thread-safe: the grain's turns serialize the calls, and a test drives it from one thread.
/// Every decision is made in the call that asks for it, so a batch of calls decided one after
/// the other is decided exactly as the same calls sent one at a time.
/// </remarks>
internal sealed partial class GroupDispatcher
{
    private readonly string group;
    private readonly ConsumerTable consumers;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly LeaseTable leases;
    private readonly MessageLedger ledger;
    private readonly GroupFunctions functions;
    private readonly RoutingDecider decider;
    private readonly WaitingRoom waiting;
    private readonly ActivityRecorder activity;
    private readonly Func<string> functionInForce;

    /// <param name="group">The group's name.</param>
    /// <param name="functionInForce">The group's routing function, for dispatches that have not started with another.</param>
    /// <param name="consumers">The group's live consumers, which the group's registrations keep up to date.</param>
    /// <param name="registry">The routing functions registered on the silo.</param>
    /// <param name="options">The dispatch options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="metrics">Where in-flight, waiting and ordering counts are reported.</param>
    /// <param name="logger">Where the group logs.</param>
    /// <param name="silo">The silo running the group, named when a function is not registered on it.</param>
    /// <param name="healthPolicy">The group's consumer-health policy in force; null: the options' <see cref="DispatchOptions.ConsumerHealth"/>.</param>
    public GroupDispatcher(
        string group, Func<string> functionInForce, ConsumerTable consumers, RoutingFunctionRegistry registry, DispatchOptions options, TimeProvider time, DispatchMetrics metrics, ILogger logger, string silo,
        Func<ConsumerHealthPolicy>? healthPolicy = null)
    {
        this.group = group;
        this.consumers = consumers;
        this.time = time;
        this.logger = logger;
        this.functionInForce = functionInForce;
        Health = new GroupHealth(group, consumers, healthPolicy ?? (() => options.ConsumerHealth), time, metrics, logger);
        leases = new LeaseTable(delta => metrics.InFlightChanged(group, delta), Health);
        ledger = new MessageLedger(options, time, (dropped, held) => OutcomesDroppedEarly(metrics, options, dropped, held));
        activity = new ActivityRecorder(time);
        functions = new GroupFunctions(registry, options, time, silo);
        decider = new RoutingDecider(group, consumers, leases, functions, Health, options, time, logger);
        waiting = new WaitingRoom(
            new WaitingLine(options.MaxWaitingPerGroup, time, delta => metrics.WaitingChanged(group, delta), waited => metrics.WaitEnded(group, waited)),
            new KeyOrdering(delta => metrics.ActiveKeysChanged(group, delta), length => metrics.KeyQueued(group, length)),
            waiter => decider.DecideAsync(waiter.Request.Message, waiter.Function, waiter.Request.Excluded, waiter.Claim.Owner, waiter.Claim.KeySequence),
            (lease, owner) => leases.Release(lease, owner),
            consumers.AnyWithCapacity,
            time,
            group);
    }

    /// <summary>What the idempotency records hold now.</summary>
    public OutcomesHeld Outcomes => ledger.Outcomes;

    /// <summary>What the group has learned of its consumers' health, and the operators' cordons.</summary>
    public GroupHealth Health { get; }

    /// <summary>How many dispatches wait: for room, or behind their key.</summary>
    public int Waiting => waiting.Count;

    /// <summary>How long the dispatch that has waited longest for room has waited.</summary>
    public TimeSpan OldestWaitingFor => waiting.OldestWaitingFor;

    /// <summary>The ordered keys: the field, the active keys and the longest key queue.</summary>
    public KeyOrdering Ordering => waiting.Ordering;

    /// <summary>Whether anything is held that may expire: leases or claims (the sweep is needed).</summary>
    public bool HoldsAnything => leases.Count > 0 || ledger.HasClaims;

    /// <summary>
    /// A routing call: releases the dispatch's previous lease, checks the message id (recorded, in
    /// progress under another owner, a conflict, or the caller's), admits it (ordered keys, the
    /// line's bound) and decides. A call the owner sends again gets its first answer.
    /// </summary>
    public async ValueTask<RouteAnswer> RouteAsync(RouteRequest request)
    {
        var released = leases.Release(request.ReleaseLease, request.Owner, request.ReleasedAs, request.Excluded.Length, request.Failure, out var crashed);
        var function = request.RoutingFunction ?? functionInForce();
        var entry = ledger.Claim(request.Message.Id, request.Fingerprint, request.Owner, request.Call, request.OwnerSilo, request.JoinedEpoch, request.Claimed);
        if (entry.Claim is not { } claim)
        {
            return entry.NotOwned ?? RouteAgain.Instance;
        }

        if (entry.IsNew)
        {
            Health.Dispatched();
        }

        if (entry.IsNew && waiting.Admit(claim, request, function) is { } held)
        {
            return EndIfOverloaded(request, held) ?? Answer(claim, request.Call, held);
        }

        if (entry.Answered is { } answered && (answered is not Granted granted || leases.Holds(granted.Lease)))
        {
            // The owner sent this call again (the first answer was late or lost): same answer, no second lease.
            return answered;
        }

        var answer = crashed && !Health.TryReroute()
            ? new NoConsumer(function, $"the group's reroute budget is spent (its consumers crash more than the health policy's {Health.Policy.RerouteBudgetRatio:P0} of dispatches plus {Health.Policy.RerouteBudgetPerSecond} a second allow), so the message is not tried on another consumer")
            : await decider.DecideAsync(request.Message, function, request.Excluded, request.Owner, claim.KeySequence);
        if (answer is Wait wait && EndIfOverloaded(request, waiting.Enter(claim, request, wait)) is { } overloaded)
        {
            return overloaded;
        }

        Answer(claim, request.Call, answer);
        if (released)
        {
            await waiting.ServeAsync();
        }

        return answer;
    }

    /// <summary>
    /// Waits at most <paramref name="slice"/> for the group to grant <paramref name="owner"/>'s
    /// waiting dispatch of <paramref name="messageId"/> a consumer: the decision, <see cref="Wait"/>
    /// when the slice ended first, or <see cref="RouteAgain"/> when the group does not know it as waiting.
    /// </summary>
    public async Task<RouteAnswer> AwaitGrantAsync(string messageId, Guid owner, TimeSpan slice)
    {
        if (ledger.Renew(messageId, owner) is not { } claim)
        {
            return RouteAgain.Instance;
        }

        if (claim.Waiting is not { } waiter)
        {
            // Granted while the caller was between two waits, or ended: the latest answer says which.
            return claim.LatestAnswer is { } latest and not Wait ? latest : RouteAgain.Instance;
        }

        var granted = waiter.Granted.Task;
        await ((Task)granted.WaitAsync(slice, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return granted.IsCompletedSuccessfully ? granted.Result : new Wait(waiter.Function);
    }

    /// <summary>
    /// Waits at most <paramref name="slice"/> for the dispatch of <paramref name="messageId"/> in
    /// progress: its record, or null when it has none yet or no owner. A dispatch whose silo
    /// <paramref name="isDead"/> says is dead cannot end: its claim ends now, and the caller takes it over.
    /// </summary>
    public Task<OutcomeRecord?> AwaitOutcomeAsync(string messageId, TimeSpan slice, Func<SiloAddress, bool> isDead)
    {
        if (ledger.ClaimOn(messageId) is { } claim && isDead(claim.OwnerSilo))
        {
            AbandonClaimsOf(isDead);
            return Task.FromResult<OutcomeRecord?>(null);
        }

        return ledger.WaitAsync(messageId, slice);
    }

    /// <summary>
    /// Ends <paramref name="owner"/>'s dispatch of <paramref name="messageId"/>: releases
    /// <paramref name="lease"/>, ends its claim with <paramref name="record"/> (null: nothing to
    /// record) and lets the next in line go. The one way a dispatch ends.
    /// </summary>
    /// <returns>Whether <paramref name="owner"/> held the message id: only then is a failure recorded.</returns>
    public async ValueTask<bool> EndAsync(string messageId, Guid owner, long lease, OutcomeRecord? record, AttemptEnd lastAttempt = AttemptEnd.None, int crashes = 0, string? failure = null)
    {
        leases.Release(lease, owner, record is { Outcome: not null } ? AttemptEnd.Delivered : lastAttempt, crashes, failure, out _);
        var claim = ledger.End(messageId, owner, record);
        if (claim is not null)
        {
            waiting.Ended(claim);
            if (record is not null)
            {
                activity.Ended(record.Failure?.GetType().Name, record.Crashes, time.GetElapsedTime(claim.ClaimedAt));
            }
        }

        await waiting.ServeAsync();
        return claim is not null;
    }

    /// <summary>
    /// Takes a batch of calls from one silo, one after the other: each is answered exactly as the
    /// same call sent alone at that point would have been (a routing call with its decision, an
    /// end with <see cref="Ended"/>). Once the batch has taken <paramref name="budget"/> (slow
    /// routing functions), its remaining routing calls are not taken: they are answered
    /// <see cref="Deferred"/>, as if never sent, and the silo sends them again, so that the batch is
    /// answered well within a group call's timeout. Its ends are always taken.
    /// </summary>
    public async ValueTask<RouteAnswer[]> DecideAsync(GroupCall[] calls, TimeSpan? budget = null)
    {
        var answers = new RouteAnswer[calls.Length];
        var started = budget is null ? 0 : time.GetTimestamp();
        var deferring = false;
        for (var i = 0; i < calls.Length; i++)
        {
            answers[i] = calls[i] switch
            {
                RouteCall when deferring => Deferred.Instance,
                RouteCall route => await RouteAsync(route.Request),
                EndCall end => await EndAsync(end.MessageId, end.Owner, end.Lease, end.Record, end.LastAttempt, end.Crashes, end.Failure) ? Ended.HeldIt : Ended.DidNotHoldIt,
                var other => throw new ArgumentException($"Unknown group call {other.GetType().Name}.", nameof(calls)),
            };
            deferring = deferring || (budget is { } limit && calls[i] is RouteCall && time.GetElapsedTime(started) >= limit);
        }

        return answers;
    }

    /// <summary>Decides again for the waiting dispatches (capacity may have appeared; with <paramref name="everyWaiter"/>, the registrations changed).</summary>
    public ValueTask ServeAsync(bool everyWaiter = false) => waiting.ServeAsync(everyWaiter);

    /// <summary>Forgets how the dispatch of <paramref name="messageId"/> ended, so it can be dispatched again (a dead letter re-dispatched).</summary>
    public void Forget(string messageId) => ledger.Forget(messageId);

    /// <summary>Orders the group's messages by <paramref name="field"/> (null: unordered); messages held under the old field go at once.</summary>
    public void OrderBy(string? field)
    {
        if (waiting.Ordering.Field != field)
        {
            waiting.OrderBy(field);
        }
    }

    /// <summary>The group's function was set again: its quarantines are lifted.</summary>
    public void ClearQuarantine() => functions.ClearQuarantine();

    /// <summary>The group's activity, second by second, over the last <paramref name="seconds"/>.</summary>
    public GroupActivity ReadActivity(int seconds) => activity.Read(group, seconds);

    /// <summary>Records <paramref name="answer"/> as the claim's answer to <paramref name="call"/> and returns it.</summary>
    private static RouteAnswer Answer(Claim claim, int call, RouteAnswer answer)
    {
        claim.Answered(call, answer);
        return answer;
    }

    /// <summary>An overloaded answer ends the dispatch's claim here: flow control, nothing recorded, the id free again.</summary>
    private Overloaded? EndIfOverloaded(RouteRequest request, RouteAnswer answer)
    {
        if (answer is not Overloaded overloaded)
        {
            return null;
        }

        if (ledger.End(request.Message.Id, request.Owner, null) is { } claim)
        {
            waiting.Ended(claim);
        }

        activity.Ended(nameof(GroupOverloadedException), request.Excluded.Length, null);
        return overloaded;
    }
}
