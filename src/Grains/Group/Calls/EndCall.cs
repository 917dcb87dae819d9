namespace Orleans.Dispatch.Group.Calls;

/// <summary>The end of a dispatch in a batch (its lease released, its claim ended with <paramref name="Record"/>); its answer is <see cref="Ended"/>.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Owner">The dispatch's owner token.</param>
/// <param name="Lease">Its lease to release; 0 when none.</param>
/// <param name="Record">How it ended, kept for repeats; null when there is nothing to record.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.EndCall")]
internal sealed record EndCall(
    [property: Id(0)] string MessageId,
    [property: Id(1)] Guid Owner,
    [property: Id(2)] long Lease,
    [property: Id(3)] OutcomeRecord? Record) : GroupCall;
