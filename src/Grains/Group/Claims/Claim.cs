using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.Waiting;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// A dispatch's hold on a message id: who owns it (the dispatch's owner token, on its silo), the
/// content it dispatches, until when it holds without routing again, where it stands in the
/// group's waiting room, and the answer to the owner's latest routing call, so that a resent call
/// gets that answer again instead of a second decision. The ledger renews and ends it; the waiting
/// room places it; the group's dispatcher records its answers.
/// </summary>
internal sealed class Claim(Guid owner, SiloAddress ownerSilo, Guid fingerprint, long expiresAt, long arrival, long claimedAt)
{
    private TaskCompletionSource<OutcomeRecord?>? finished;

    /// <summary>The owner dispatch's token; <see cref="Guid.Empty"/> while the claim is a placeholder (see <see cref="IsPlaceholder"/>).</summary>
    public Guid Owner { get; private set; } = owner;

    /// <summary>The silo running the owner's dispatch: the claim ends when the cluster declares it dead.</summary>
    public SiloAddress OwnerSilo { get; private set; } = ownerSilo;

    /// <summary>
    /// Whether the claim stands for a dispatch in progress that this activation of the group has not
    /// heard from yet: a repeat said that one was in progress before the group re-activated. It
    /// blocks the message id until that dispatch reports (its end, or its next routing call, which
    /// adopts it) or the claim expires.
    /// </summary>
    public bool IsPlaceholder => Owner == Guid.Empty;

    /// <summary>Whether the claim came from the previous activation's hand-over and its owner has not routed here since: its next routing call is admitted as a new one.</summary>
    public bool Restored { get; set; }

    public Guid Fingerprint { get; } = fingerprint;

    /// <summary>When the dispatch first reached the group (a <see cref="TimeProvider"/> timestamp), for the latency the group's activity shows.</summary>
    public long ClaimedAt { get; } = claimedAt;

    /// <summary>When the dispatch first reached the group, as a sequence number: its place in the waiting line.</summary>
    public long Arrival { get; } = arrival;

    /// <summary>Until when the claim holds without a routing call from its owner (timestamp).</summary>
    public long ExpiresAt { get; private set; } = expiresAt;

    /// <summary>The dispatch's place in the waiting line or behind its key, while it waits.</summary>
    public Waiter? Waiting { get; set; }

    /// <summary>The ordered key the dispatch belongs to (ordering field and value), or null when unordered.</summary>
    public string? Key { get; set; }

    /// <summary>The dispatch's position among its key's messages as the group admitted them; null when unordered.</summary>
    public long? KeySequence { get; set; }

    /// <summary>The number of the owner's latest routing call with an answer.</summary>
    public int LatestCall { get; private set; }

    /// <summary>The group's answer to <see cref="LatestCall"/>; null while it has none.</summary>
    public RouteAnswer? LatestAnswer { get; private set; }

    /// <summary>
    /// Completed when the dispatch ends: its record, or null when it left none (cancelled, lost).
    /// Made only when a repeat waits for it: most dispatches have none.
    /// </summary>
    public Task<OutcomeRecord?> Finished => (finished ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Records the answer to the owner's routing call <paramref name="call"/>.</summary>
    public void Answered(int call, RouteAnswer answer)
    {
        LatestCall = call;
        LatestAnswer = answer;
    }

    /// <summary>The owner routed again: the claim holds until <paramref name="expiresAt"/>.</summary>
    public void Renew(long expiresAt) => ExpiresAt = expiresAt;

    /// <summary>The dispatch that owned the message id before the group re-activated routed again: the placeholder becomes its claim.</summary>
    public void Adopt(Guid owner, SiloAddress ownerSilo, long expiresAt)
    {
        Owner = owner;
        OwnerSilo = ownerSilo;
        ExpiresAt = expiresAt;
    }

    /// <summary>Ends the wait of any repeat waiting for this dispatch.</summary>
    public void Finish(OutcomeRecord? record) => finished?.TrySetResult(record);
}
