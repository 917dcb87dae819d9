using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// Where a dispatch stands when its first attempt crashed and its conversation grain takes over:
/// everything the dispatch loop needs to go on as if it had run there from the start.
/// </summary>
/// <param name="RoutingFunction">The function the dispatch started with.</param>
/// <param name="Excluded">The consumers that crashed so far.</param>
/// <param name="Crashes">The crashes whose reroute already started (their timings are complete).</param>
/// <param name="Pending">The crash whose reroute starts with the next attempt.</param>
/// <param name="Lease">The crashed attempt's lease, released by the next routing call.</param>
/// <param name="AttemptsMade">Attempts made so far.</param>
/// <param name="Remaining">What is left of the dispatch timeout.</param>
/// <param name="Fingerprint">The message's content fingerprint (the dispatch owns its message id at the group).</param>
/// <param name="TraceParent">The W3C trace context of the dispatch's span, so the conversation's attempts are its children; null when not traced.</param>
/// <param name="Owner">The dispatch's owner token: its claim on the message id and its leases at the group.</param>
/// <param name="Calls">The routing calls made so far.</param>
/// <param name="WaitedFor">How long the dispatch waited in the group's line so far.</param>
/// <param name="LastAttempt">How the crashed attempt ended, told to the group with the lease it releases.</param>
/// <param name="LastFailure">That crash as text.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConversationHandOff")]
internal sealed record ConversationHandOff(
    [property: Id(0)] string RoutingFunction,
    [property: Id(1)] ConsumerId[] Excluded,
    [property: Id(2)] RerouteTiming[] Crashes,
    [property: Id(3)] PendingCrash Pending,
    [property: Id(4)] long Lease,
    [property: Id(5)] int AttemptsMade,
    [property: Id(6)] TimeSpan Remaining,
    [property: Id(7)] Guid Fingerprint,
    [property: Id(8)] string? TraceParent,
    [property: Id(9)] Guid Owner,
    [property: Id(10)] int Calls,
    [property: Id(11)] TimeSpan WaitedFor,
    [property: Id(12)] AttemptEnd LastAttempt = AttemptEnd.None,
    [property: Id(13)] string? LastFailure = null);
