using Microsoft.Extensions.Logging;

namespace Orleans.Dispatch.Diagnostics;

/// <summary>The library's log messages, source-generated.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(1, LogLevel.Information, "Rerouting message {MessageId} of group {Group}: consumer {Consumer} crashed on attempt {Attempt}: {Failure}")]
    public static partial void Rerouting(this ILogger logger, string messageId, string group, ConsumerId consumer, int attempt, string failure);

    [LoggerMessage(2, LogLevel.Warning, "Dispatch of message {MessageId} in group {Group} failed after {Crashes} crash(es): {Failure}")]
    public static partial void DispatchFailed(this ILogger logger, string messageId, string group, int crashes, string failure);

    [LoggerMessage(3, LogLevel.Warning, "Routing function {Function} of group {Group} failed ({Kind}): {Detail}")]
    public static partial void RoutingFunctionFailed(this ILogger logger, string function, string group, RoutingEvaluationFailure kind, string detail);

    [LoggerMessage(4, LogLevel.Warning, "Group {Group} released {Count} in-flight lease(s) whose conversations never reported back")]
    public static partial void LeasesExpired(this ILogger logger, string group, int count);

    [LoggerMessage(5, LogLevel.Information, "Group {Group}: routing function set to {Function}")]
    public static partial void RoutingFunctionSet(this ILogger logger, string group, string function);

    [LoggerMessage(6, LogLevel.Debug, "Message {MessageId}: call to group {Group} failed, retrying in {Delay}: {Failure}")]
    public static partial void GroupCallFailed(this ILogger logger, string messageId, string group, TimeSpan delay, string failure);

    [LoggerMessage(7, LogLevel.Debug, "Message {MessageId} of group {Group} already ended within the idempotency window: returning its record")]
    public static partial void Replayed(this ILogger logger, string messageId, string group);

    [LoggerMessage(8, LogLevel.Warning, "Routing function {Function} of group {Group} is quarantined: {Overruns} overrun(s) of the routing timeout within {Window}; it will not run for {Duration} or until the group's function is set again")]
    public static partial void RoutingFunctionQuarantined(this ILogger logger, string function, string group, int overruns, TimeSpan window, TimeSpan duration);

    [LoggerMessage(10, LogLevel.Error, "Dead letter of message {MessageId} in group {Group} ({Failure}) could not be kept: it is lost")]
    public static partial void DeadLetterLost(this ILogger logger, Exception exception, string messageId, string group, string failure);

    [LoggerMessage(11, LogLevel.Information, "Group {Group} ended {Count} claim(s) of dispatches running on silo(s) declared dead ({Silos}): repeats of those message ids take them over")]
    public static partial void ClaimsAbandoned(this ILogger logger, string group, int count, string silos);

    [LoggerMessage(12, LogLevel.Warning, "Dispatch of message {MessageId} in group {Group} ended with delivery unknown: {Reason}")]
    public static partial void DeliveryUnknown(this ILogger logger, string messageId, string group, string reason);

    [LoggerMessage(13, LogLevel.Information, "Worker {Consumer} joined group {Group} from {Host}, process {ProcessId}")]
    public static partial void WorkerAttached(this ILogger logger, string consumer, string group, string host, int processId);

    [LoggerMessage(14, LogLevel.Information, "Worker {Consumer} left group {Group}: {Reason}")]
    public static partial void WorkerLeft(this ILogger logger, string consumer, string group, string reason);

    [LoggerMessage(15, LogLevel.Warning, "Worker {Consumer} could not be removed from group {Group}; its next attempt removes it")]
    public static partial void WorkerRemovalFailed(this ILogger logger, Exception exception, string consumer, string group);

    [LoggerMessage(9, LogLevel.Warning, "Dead letter {Sequence} (message {MessageId}) of group {Group} stays in the store: its new dispatch did not end in a delivery or a kept failure: {Failure}")]
    public static partial void DeadLetterLeft(this ILogger logger, string messageId, string group, long sequence, string failure);

    [LoggerMessage(16, LogLevel.Information, "Group {Group}: consumer {Consumer}, picked by routing function {Function}, was removed while the function ran; deciding again (decision {Decision})")]
    public static partial void PickVanished(this ILogger logger, string group, string function, string consumer, int decision);

    [LoggerMessage(17, LogLevel.Information, "Group {Group} deactivated ({Reason}) with {Claims} message id(s) in progress and {Leases} attempt(s) in flight: handed over to its next activation")]
    public static partial void HandedOver(this ILogger logger, string group, int claims, int leases, string reason);

    [LoggerMessage(18, LogLevel.Warning, "Group {Group} could not hand over its {Claims} message id(s) in progress and {Leases} attempt(s) in flight as it deactivated: its next activation recovers without them (repeats that waited hold their ids for a claim's lifetime; in-flight counts come back as those dispatches report)")]
    public static partial void HandOverFailed(this ILogger logger, Exception exception, string group, int claims, int leases);

    [LoggerMessage(19, LogLevel.Information, "Group {Group} took over {Claims} message id(s) in progress and {Leases} attempt(s) in flight from its previous activation")]
    public static partial void TookOver(this ILogger logger, string group, int claims, int leases);

    [LoggerMessage(20, LogLevel.Warning, "Group {Group} could not clear the hand-over it took from storage; it expires by itself")]
    public static partial void HandOverNotCleared(this ILogger logger, Exception exception, string group);

    [LoggerMessage(21, LogLevel.Warning, "Consumer {Consumer} of group {Group} is ejected for {Duration}: {Why}; its last failure: {LastFailure}")]
    public static partial void ConsumerEjected(this ILogger logger, string consumer, string group, TimeSpan duration, string why, string lastFailure);

    [LoggerMessage(22, LogLevel.Information, "Consumer {Consumer} of group {Group} passed its trial and is back, ramping up over {SlowStart}")]
    public static partial void ConsumerReturned(this ILogger logger, string consumer, string group, TimeSpan slowStart);

    [LoggerMessage(23, LogLevel.Warning, "Consumer {Consumer} of group {Group} meets the ejection rule, but ejecting it would take more than {MaxEjectedShare:P0} of the group out of rotation: it is degraded (used only when every healthy consumer is full)")]
    public static partial void ConsumerDegraded(this ILogger logger, string consumer, string group, double maxEjectedShare);

    [LoggerMessage(24, LogLevel.Warning, "Group {Group}: {Failing} of its {Total} consumers are failing together; the cause looks shared (a dependency down), so none is ejected")]
    public static partial void SharedOutage(this ILogger logger, string group, int failing, int total);

    [LoggerMessage(25, LogLevel.Warning, "Group {Group} spent its reroute budget ({Ratio:P0} of its dispatches plus {PerSecond} a second): dispatches whose attempt crashed end with NoConsumerAvailableException instead of trying another consumer")]
    public static partial void RerouteBudgetSpent(this ILogger logger, string group, double ratio, int perSecond);

    [LoggerMessage(26, LogLevel.Information, "Consumer {Consumer} of group {Group} is cordoned: out of rotation until uncordoned")]
    public static partial void ConsumerCordoned(this ILogger logger, string consumer, string group);

    [LoggerMessage(27, LogLevel.Information, "Consumer {Consumer} of group {Group} is uncordoned: back, ramping up")]
    public static partial void ConsumerUncordoned(this ILogger logger, string consumer, string group);

    [LoggerMessage(28, LogLevel.Information, "Failure detection for dispatch is in force: a silo that stops answering its peers is declared dead within {Bound} (probes of {ProbeTimeout} to {MaxProbeTimeout}, {MissedProbes} missed, {Votes} vote(s))")]
    public static partial void FailureDetectionInForce(this ILogger logger, TimeSpan bound, TimeSpan probeTimeout, TimeSpan maxProbeTimeout, int missedProbes, int votes);

    [LoggerMessage(29, LogLevel.Warning, "Dispatch runs on this silo's membership settings without UseDispatchFailureDetection: a silo that freezes or is cut off may stay a member for up to {Bound} (about a minute on Orleans' defaults, as measured), and every group it hosts, and every dispatch waiting on it, waits that long. Call siloBuilder.UseDispatchFailureDetection() beside AddDispatch() to bound it at {DispatchBound}")]
    public static partial void SlowFailureDetection(this ILogger logger, TimeSpan bound, TimeSpan dispatchBound);

    [LoggerMessage(30, LogLevel.Warning, "Dispatch keeps its group registrations, cordons and hand-overs in memory: no grain storage named '{Storage}' is registered, so they are lost when the silo holding a group stops. Register a grain storage named '{Storage}' (for example AddRedisGrainStorage(\"{Storage}\")) before AddDispatch")]
    public static partial void InMemoryStorage(this ILogger logger, string storage);

    [LoggerMessage(31, LogLevel.Warning, "Group {Group} dropped {Dropped} idempotency record(s) younger than its IdempotencyWindow ({Window}) to stay within IdempotencyMemoryLimit ({Limit} bytes): it remembers how dispatches ended for only {Held}, and a repeat of an older message id is dispatched again. Raise IdempotencyMemoryLimit (about 56 bytes a record: the window times the group's dispatch rate)")]
    public static partial void IdempotencyShortened(this ILogger logger, string group, long dropped, TimeSpan held, TimeSpan window, long limit);

    [LoggerMessage(32, LogLevel.Warning, "Worker {Consumer} of group {Group} attached, but no gateway connection of this silo names its client (Orleans' connection preamble changed, or it attached through another silo's gateway): its death is found only when its lease of {Lease} ends, not the moment its connection closes")]
    public static partial void WorkerConnectionUnidentified(this ILogger logger, string consumer, string group, TimeSpan lease);

    [LoggerMessage(33, LogLevel.Information, "Worker processes' deaths are detected the moment their gateway connection closes (each connection's opening, Orleans' preamble, names its client); a worker whose connection cannot be identified is logged, and leaves when its lease ends")]
    public static partial void WorkerDetectionInForce(this ILogger logger);

    [LoggerMessage(34, LogLevel.Information, "Worker {Consumer} of group {Group}: its grain was activated again on the silo serving its stream (the previous activation was lost, for example because the silo holding its directory entry died), and took the worker over")]
    public static partial void WorkerTakenOver(this ILogger logger, string consumer, string group);
}
