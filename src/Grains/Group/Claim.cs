using Orleans.Runtime;

namespace Orleans.Dispatch.Group;

/// <summary>
/// A dispatch's hold on a message id: who owns it (the dispatch's owner token), the content it
/// dispatches, until when it holds without routing again, and the answer to the owner's latest
/// routing call, so that a resent call gets that answer again instead of a second decision.
/// </summary>
internal sealed class Claim(Guid owner, SiloAddress ownerSilo, Guid fingerprint, long expiresAt, long arrival, long claimedAt)
{
    public Guid Owner { get; } = owner;

    /// <summary>The silo running the owner's dispatch: the claim ends when the cluster declares it dead.</summary>
    public SiloAddress OwnerSilo { get; } = ownerSilo;

    /// <summary>When the dispatch first reached the group (a <see cref="TimeProvider"/> timestamp), for the latency the group's activity shows.</summary>
    public long ClaimedAt { get; } = claimedAt;

    /// <summary>When the dispatch first reached the group, as a sequence number: its place in the waiting line.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>The dispatch's place in the waiting line or behind its key, while it waits.</summary>
    public Waiter? Waiting { get; set; }

    /// <summary>The ordered key the dispatch belongs to (ordering field and value), or null when unordered.</summary>
    public string? Key { get; set; }

    /// <summary>The dispatch's position among its key's messages as the group admitted them; null when unordered.</summary>
    public long? KeySequence { get; set; }

    public Guid Fingerprint { get; } = fingerprint;

    public long ExpiresAt { get; set; } = expiresAt;

    /// <summary>The number of the owner's latest routing call, and the group's answer to it (null while it has none).</summary>
    public (int Call, RouteResult? Result) Latest { get; set; }

    private TaskCompletionSource<OutcomeRecord?>? finished;

    /// <summary>
    /// Completed when the dispatch ends: its record, or null when it left none (cancelled, lost).
    /// Made only when a repeat waits for it: most dispatches have none.
    /// </summary>
    public TaskCompletionSource<OutcomeRecord?> Finished => finished ??= new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends the wait of any repeat waiting for this dispatch.</summary>
    public void Finish(OutcomeRecord? record) => finished?.TrySetResult(record);
}
