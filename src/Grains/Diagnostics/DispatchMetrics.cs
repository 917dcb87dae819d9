using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Dispatch.Diagnostics;

/// <summary>
/// The library's instruments, in one meter named <see cref="DispatchTelemetry.MeterName"/>, created from
/// <see cref="IMeterFactory"/>. Every measurement is tagged with the group (<c>dispatch.group</c>).
/// </summary>
internal sealed class DispatchMetrics
{
    /// <summary>From 100 microseconds to 30 seconds: in-process dispatches take tens of microseconds, timed-out ones seconds.</summary>
    private static readonly InstrumentAdvice<double> Buckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private readonly Counter<long> dispatches;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> reroutes;
    private readonly Counter<long> failures;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> attemptDuration;
    private readonly UpDownCounter<long> inFlight;
    private readonly Counter<long> deadLettersLost;
    private readonly Counter<long> idempotencyDroppedEarly;
    private readonly Gauge<double> idempotencyHeld;
    private readonly UpDownCounter<long> waiting;
    private readonly UpDownCounter<long> activeKeys;
    private readonly Histogram<long> keyQueue;
    private readonly Histogram<double> waitDuration;
    private readonly Counter<long> groupCalls;
    private readonly Counter<double> groupBusy;
    private readonly Counter<double> entryBusy;
    private readonly Counter<long> endsDropped;
    private readonly Counter<long> ejections;
    private readonly Counter<long> returns;
    private readonly UpDownCounter<long> outOfRotation;
    private readonly Counter<long> trials;
    private readonly Counter<long> reroutesRefused;

    public DispatchMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DispatchTelemetry.MeterName);
        dispatches = meter.CreateCounter<long>("orleans.dispatch.dispatches", "{dispatch}", "Dispatches started (repeats of a message id included).");
        deliveries = meter.CreateCounter<long>("orleans.dispatch.deliveries", "{dispatch}", "Dispatches that ended with a delivery.");
        reroutes = meter.CreateCounter<long>("orleans.dispatch.reroutes", "{attempt}", "Crashed attempts after which the dispatch went back to the group for another consumer.");
        failures = meter.CreateCounter<long>("orleans.dispatch.failures", "{dispatch}", "Dispatches that failed, by kind (dispatch.failure: the exception type).");
        duration = meter.CreateHistogram("orleans.dispatch.duration", "s", "How long dispatches took, to their outcome or failure.", null, Buckets);
        attemptDuration = meter.CreateHistogram("orleans.dispatch.attempt.duration", "s", "How long delivery attempts took, by outcome (dispatch.outcome: delivered or crashed).", null, Buckets);
        inFlight = meter.CreateUpDownCounter<long>("orleans.dispatch.in_flight", "{attempt}", "Attempts in flight, as the group counts them (its leases).");
        waiting = meter.CreateUpDownCounter<long>("orleans.dispatch.waiting", "{dispatch}", "Dispatches waiting in their group's line for a consumer with room.");
        waitDuration = meter.CreateHistogram("orleans.dispatch.wait.duration", "s", "How long dispatches waited in their group's line, until granted a consumer or ended.", null, Buckets);
        activeKeys = meter.CreateUpDownCounter<long>("orleans.dispatch.ordering.active_keys", "{key}", "Ordered keys with a dispatch in progress.");
        keyQueue = meter.CreateHistogram<long>("orleans.dispatch.ordering.key_queue", "{dispatch}", "How many dispatches of its key a message found ahead of it, itself included, when it was held behind its key.");
        groupCalls = meter.CreateCounter<long>("orleans.dispatch.group.calls", "{call}", "Calls the group's activation took from dispatches (a batch of routing calls and ends counts once).");
        groupBusy = meter.CreateCounter<double>("orleans.dispatch.group.busy", "s", "Time the group's activation spent in its dispatches' calls: its rate is the share of one core the group uses, the ceiling of a group being one core.");
        entryBusy = meter.CreateCounter<double>("orleans.dispatch.entry.busy", "s", "Time the silo's dispatch grain activation spent in its own turns (taking calls and starting their dispatches): its rate is the share of one core it uses.");
        endsDropped = meter.CreateCounter<long>("orleans.dispatch.group.ends_dropped", "{end}", "Ends of dispatches a silo could not get to their group (two failed batches, or a one-way batch that failed to go): their leases are released when they expire instead.");
        ejections = meter.CreateCounter<long>("orleans.dispatch.consumers.ejections", "{ejection}", "Consumers taken out of rotation by their group's health tracking, by rule (dispatch.rule: consecutive, rate, trial, slow-start).");
        returns = meter.CreateCounter<long>("orleans.dispatch.consumers.returns", "{return}", "Ejected consumers whose trial message was delivered: back in rotation, ramping up.");
        outOfRotation = meter.CreateUpDownCounter<long>("orleans.dispatch.consumers.ejected", "{consumer}", "Consumers out of rotation now (ejected, or probing with one trial message).");
        trials = meter.CreateCounter<long>("orleans.dispatch.consumers.trials", "{trial}", "Trial messages to probing consumers, by outcome (dispatch.outcome: passed or failed).");
        reroutesRefused = meter.CreateCounter<long>("orleans.dispatch.reroutes.refused", "{dispatch}", "Reroutes refused because the group's reroute budget was spent: the dispatch ended with NoConsumerAvailableException.");
        idempotencyDroppedEarly = meter.CreateCounter<long>("orleans.dispatch.idempotency.dropped_early", "{record}", "Idempotency records dropped for the group's IdempotencyMemoryLimit while younger than its IdempotencyWindow: repeats of those message ids would be dispatched again.");
        idempotencyHeld = meter.CreateGauge<double>("orleans.dispatch.idempotency.held", "s", "How far back the group still remembers how dispatches ended, when its memory bound shortened the window (recorded as it drops records early).");
        deadLettersLost = meter.CreateCounter<long>("orleans.dispatch.dead_letters.lost", "{message}", "Messages that could not be delivered and could not be kept as dead letters either (the store failed).");
    }

    public void ConsumerEjected(string group, string rule)
    {
        if (ejections.Enabled)
        {
            ejections.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group), new KeyValuePair<string, object?>("dispatch.rule", rule));
        }
    }

    public void ConsumerReturned(string group)
    {
        if (returns.Enabled)
        {
            returns.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void OutOfRotationChanged(string group, int delta)
    {
        if (outOfRotation.Enabled)
        {
            outOfRotation.Add(delta, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void TrialEnded(string group, bool passed)
    {
        if (trials.Enabled)
        {
            trials.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group), new KeyValuePair<string, object?>(DispatchTelemetry.OutcomeTag, passed ? "passed" : "failed"));
        }
    }

    public void RerouteRefused(string group)
    {
        if (reroutesRefused.Enabled)
        {
            reroutesRefused.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void EndsDropped(string group, int count)
    {
        if (endsDropped.Enabled)
        {
            endsDropped.Add(count, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void DispatchStarted(string group)
    {
        if (dispatches.Enabled)
        {
            dispatches.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void DispatchEnded(string group, TimeSpan took, Exception? failure)
    {
        var groupTag = new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group);
        if (failure is null)
        {
            if (deliveries.Enabled)
            {
                deliveries.Add(1, groupTag);
            }
        }
        else if (failures.Enabled)
        {
            failures.Add(1, groupTag, new KeyValuePair<string, object?>(DispatchTelemetry.FailureTag, failure.GetType().Name));
        }

        if (duration.Enabled)
        {
            duration.Record(took.TotalSeconds, groupTag, new KeyValuePair<string, object?>(DispatchTelemetry.OutcomeTag, failure is null ? "delivered" : "failed"));
        }
    }

    public void AttemptEnded(string group, TimeSpan took, bool delivered)
    {
        if (attemptDuration.Enabled)
        {
            attemptDuration.Record(
                took.TotalSeconds,
                new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group),
                new KeyValuePair<string, object?>(DispatchTelemetry.OutcomeTag, delivered ? "delivered" : "crashed"));
        }
    }

    public void Rerouted(string group)
    {
        if (reroutes.Enabled)
        {
            reroutes.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void WaitingChanged(string group, int delta)
    {
        if (waiting.Enabled)
        {
            waiting.Add(delta, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void WaitEnded(string group, TimeSpan waited)
    {
        if (waitDuration.Enabled)
        {
            waitDuration.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void ActiveKeysChanged(string group, int delta)
    {
        if (activeKeys.Enabled)
        {
            activeKeys.Add(delta, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void KeyQueued(string group, int length)
    {
        if (keyQueue.Enabled)
        {
            keyQueue.Record(length, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void IdempotencyDroppedEarly(string group, int dropped, TimeSpan held)
    {
        var tag = new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group);
        idempotencyDroppedEarly.Add(dropped, tag);
        idempotencyHeld.Record(held.TotalSeconds, tag);
    }

    public void DeadLetterLost(string group)
    {
        if (deadLettersLost.Enabled)
        {
            deadLettersLost.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    /// <summary>The group's activation took a call from its dispatches, which kept it busy for <paramref name="busy"/> (zero for a wait).</summary>
    public void GroupCalled(string group, TimeSpan busy)
    {
        if (groupCalls.Enabled)
        {
            groupCalls.Add(1, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }

        if (groupBusy.Enabled && busy > TimeSpan.Zero)
        {
            groupBusy.Add(busy.TotalSeconds, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    /// <summary>The silo's dispatch grain spent <paramref name="busy"/> of its own turn taking a dispatch of <paramref name="group"/>.</summary>
    public void EntryTurn(string group, TimeSpan busy)
    {
        if (entryBusy.Enabled)
        {
            entryBusy.Add(busy.TotalSeconds, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }

    public void InFlightChanged(string group, int delta)
    {
        if (inFlight.Enabled)
        {
            inFlight.Add(delta, new KeyValuePair<string, object?>(DispatchTelemetry.GroupTag, group));
        }
    }
}
