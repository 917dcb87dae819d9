namespace Orleans.Dispatch.Group.Calls;

/// <summary>How one dispatch ended: its outcome or its failure, and the content it was dispatched with.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Fingerprint">The message's <see cref="RoutingMessage.ContentFingerprint"/>.</param>
/// <param name="Outcome">The outcome of a delivered message; null when it failed.</param>
/// <param name="Failure">The failure of a message that was not delivered; null when it was.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.OutcomeRecord")]
internal sealed record OutcomeRecord(
    [property: Id(0)] string MessageId,
    [property: Id(1)] Guid Fingerprint,
    [property: Id(2)] DispatchOutcome? Outcome,
    [property: Id(3)] DispatchException? Failure)
{
    /// <summary>How many crashes the dispatch saw before it ended.</summary>
    public int Crashes => Outcome?.Crashes.Count ?? Failure?.Crashes.Count ?? 0;
}
