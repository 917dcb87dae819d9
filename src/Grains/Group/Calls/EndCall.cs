using Orleans.Dispatch.Group.Health;

namespace Orleans.Dispatch.Group.Calls;

/// <summary>The end of a dispatch in a batch (its lease released, its claim ended with <paramref name="Record"/>); its answer is <see cref="Ended"/>.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Owner">The dispatch's owner token.</param>
/// <param name="Lease">Its lease to release; 0 when none.</param>
/// <param name="Record">How it ended, kept for repeats; null when there is nothing to record.</param>
/// <param name="LastAttempt">How the attempt of <paramref name="Lease"/> ended (a delivery, its crash, or not known).</param>
/// <param name="Crashes">The dispatch's crashes, that attempt's included: the health tracking counts none from the third on (poison).</param>
/// <param name="Failure">That attempt's crash as text, when it crashed.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.EndCall")]
internal sealed record EndCall(
    [property: Id(0)] string MessageId,
    [property: Id(1)] Guid Owner,
    [property: Id(2)] long Lease,
    [property: Id(3)] OutcomeRecord? Record,
    [property: Id(4)] AttemptEnd LastAttempt = AttemptEnd.None,
    [property: Id(5)] int Crashes = 0,
    [property: Id(6)] string? Failure = null) : GroupCall;
