namespace Orleans.Dispatch.Group;

/// <summary>
/// A dispatch's hold on a message id: who owns it (the dispatch's owner token), the content it
/// dispatches, until when it holds without routing again, and the answer to the owner's latest
/// routing call, so that a resent call gets that answer again instead of a second decision.
/// </summary>
internal sealed class Claim(Guid owner, Guid fingerprint, long expiresAt, long arrival)
{
    public Guid Owner { get; } = owner;

    /// <summary>When the dispatch first reached the group, as a sequence number: its place in the waiting line.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>The dispatch's place in the waiting line, while it waits.</summary>
    public Waiter? Waiting { get; set; }

    public Guid Fingerprint { get; } = fingerprint;

    public long ExpiresAt { get; set; } = expiresAt;

    /// <summary>The number of the owner's latest routing call, and the group's answer to it (null while it has none).</summary>
    public (int Call, RouteResult? Result) Latest { get; set; }

    /// <summary>Completed when the dispatch ends: its record, or null when it left none (cancelled, lost).</summary>
    public TaskCompletionSource<OutcomeRecord?> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
