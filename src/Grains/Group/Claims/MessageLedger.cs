using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Group.HandOver;
using Orleans.Dispatch.Internal;
using Orleans.Runtime;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// The group's authority on message ids: which dispatch owns each message id in progress (the
/// first to reach the group), and how recent ones ended, so that a repeat waits for the owner or
/// gets its record instead of delivering again. Claims are tied to the owner's token: only the
/// owner renews or ends its claim, and a routing call it sends again is answered as the first was.
/// </summary>
/// <param name="options">The dispatch options.</param>
/// <param name="time">The clock.</param>
/// <param name="droppedEarly">Told how many records younger than the window the memory bound dropped, and how far back the log still remembers.</param>
internal sealed class MessageLedger(DispatchOptions options, TimeProvider time, Action<int, TimeSpan>? droppedEarly = null)
{
    private readonly Dictionary<string, Claim> claims = new(StringComparer.Ordinal);
    private readonly OutcomeLog outcomes = new(options.IdempotencyMemoryLimit, time.TimestampTicks(options.IdempotencyWindow));
    private long arrivals;

    /// <summary>Until when this activation recovers (a timestamp; 0: it does not): see <see cref="Recover"/>.</summary>
    private long recoveringUntil;

    /// <summary>This activation's number, random and not 0, in its <see cref="InProgress"/> answers.</summary>
    public long Epoch { get; } = Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Whether anything is in progress, for the sweep.</summary>
    public bool HasClaims => claims.Count > 0;

    /// <summary>
    /// A routing call of <paramref name="owner"/>: the record of how the message id ended, another
    /// dispatch in progress, a conflict (same id, other content), or the owner's claim (new, or
    /// renewed), with the answer to this call when it was sent before.
    /// </summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="fingerprint">The message's content fingerprint.</param>
    /// <param name="owner">The calling dispatch's owner token.</param>
    /// <param name="call">The number of the routing call within its dispatch.</param>
    /// <param name="ownerSilo">The silo running the calling dispatch.</param>
    /// <param name="joinedEpoch">The activation that last told the caller another dispatch of the id was in progress (0: none): if it was an earlier one, and this one recovers, an id it does not know is held for that dispatch (a placeholder).</param>
    /// <param name="claimed">The caller held the id at the group, as far as it knows: it adopts a placeholder left for it.</param>
    public LedgerEntry Claim(string messageId, Guid fingerprint, Guid owner, int call, SiloAddress ownerSilo, long joinedEpoch = 0, bool claimed = false)
    {
        if (outcomes.Find(messageId, time.GetTimestamp()) is { } record)
        {
            return LedgerEntry.Refused(record.Fingerprint == fingerprint ? new Recorded(record) : Conflict.Instance);
        }

        if (claims.TryGetValue(messageId, out var claim))
        {
            if (claim.IsPlaceholder && claimed && claim.Fingerprint == fingerprint)
            {
                claim.Adopt(owner, ownerSilo, ClaimExpiry());
                return LedgerEntry.Owned(claim, null, isNew: true);
            }

            if (claim.Owner != owner)
            {
                return LedgerEntry.Refused(claim.Fingerprint == fingerprint ? new InProgress(Epoch) : Conflict.Instance);
            }

            claim.Renew(ClaimExpiry());
            var restored = claim.Restored;
            claim.Restored = false;
            return LedgerEntry.Owned(claim, claim.LatestCall == call ? claim.LatestAnswer : null, isNew: restored);
        }

        if (joinedEpoch != 0 && joinedEpoch != Epoch && time.GetTimestamp() < recoveringUntil)
        {
            // The caller waited for another dispatch of this id before the group re-activated, and
            // this activation has no hand-over to say whether that one still runs: it may be
            // delivering now. Hold the id for it until it reports or a claim's lifetime passes.
            claims.Add(messageId, new Claim(Guid.Empty, SiloAddress.Zero, fingerprint, recoveringUntil, ++arrivals, time.GetTimestamp()));
            return LedgerEntry.Refused(new InProgress(Epoch));
        }

        claim = new Claim(owner, ownerSilo, fingerprint, ClaimExpiry(), ++arrivals, time.GetTimestamp());
        claims.Add(messageId, claim);
        return LedgerEntry.Owned(claim, null, isNew: true);
    }

    /// <summary>
    /// Ends the dispatch of <paramref name="messageId"/> by <paramref name="owner"/>: records how
    /// (null: nothing to record) and hands that to its waiters. A delivery is recorded unless
    /// another dispatch holds the message id; a failure only while <paramref name="owner"/> holds
    /// it: a dispatch whose claim ended (it expired while its silo was paused, its silo was
    /// declared dead, the group re-activated) cannot know that no other dispatch delivered the
    /// message since, so its failure is not the message's.
    /// </summary>
    /// <returns>The owner's claim that ended, or null when <paramref name="owner"/> did not hold one (a stale or foreign report: a failure in it is not recorded).</returns>
    public Claim? End(string messageId, Guid owner, OutcomeRecord? record)
    {
        var held = claims.TryGetValue(messageId, out var claim);
        if (held && claim!.IsPlaceholder)
        {
            // The dispatch a placeholder stood for ended: a delivery is kept for the repeats
            // waiting; any other end lets them take the id over.
            var delivered = record is { Failure: null } ? record : null;
            if (delivered is not null)
            {
                Keep(delivered);
            }

            claims.Remove(messageId);
            claim.Finish(delivered);
            return null;
        }

        if (held && claim!.Owner != owner)
        {
            return null;
        }

        if (record is not null && (held || record.Failure is null))
        {
            Keep(record);
        }

        if (held)
        {
            claims.Remove(messageId);
            claim!.Finish(record);
        }

        return claim;
    }

    /// <summary>The claim <paramref name="owner"/> holds on <paramref name="messageId"/>, renewed; null when it holds none.</summary>
    public Claim? Renew(string messageId, Guid owner)
    {
        if (!claims.TryGetValue(messageId, out var claim) || claim.Owner != owner)
        {
            return null;
        }

        claim.Renew(ClaimExpiry());
        return claim;
    }

    /// <summary>The record of <paramref name="messageId"/>, or null when it has none.</summary>
    public OutcomeRecord? Find(string messageId) => outcomes.Find(messageId, time.GetTimestamp());

    /// <summary>
    /// The record of <paramref name="messageId"/>, or the one its dispatch in progress leaves
    /// within <paramref name="slice"/>; null when it has none yet, or no owner.
    /// </summary>
    public async Task<OutcomeRecord?> WaitAsync(string messageId, TimeSpan slice)
    {
        if (Find(messageId) is { } record)
        {
            return record;
        }

        if (!claims.TryGetValue(messageId, out var claim))
        {
            return null;
        }

        var finished = claim.Finished;
        await ((Task)finished.WaitAsync(slice, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return finished.IsCompletedSuccessfully ? finished.Result : null;
    }

    /// <summary>Forgets how <paramref name="messageId"/> ended, so it can be dispatched again.</summary>
    public void Forget(string messageId) => outcomes.Forget(messageId);

    /// <summary>What the idempotency records hold now: how far back, how many, and their counted memory.</summary>
    public OutcomesHeld Outcomes => new(HeldAt(time.GetTimestamp()), outcomes.Count, outcomes.Bytes);

    private void Keep(OutcomeRecord record)
    {
        var now = time.GetTimestamp();
        if (outcomes.Record(record, now) is > 0 and var dropped && droppedEarly is not null)
        {
            droppedEarly(dropped, HeldAt(now));
        }
    }

    /// <summary>How far back the outcome log remembers at <paramref name="now"/>, as a span.</summary>
    private TimeSpan HeldAt(long now) => time.GetElapsedTime(0, outcomes.HeldTicks(now));

    /// <summary>The claim on <paramref name="messageId"/>, whoever owns it; null when none.</summary>
    public Claim? ClaimOn(string messageId) => claims.GetValueOrDefault(messageId);

    /// <summary>Ends every claim whose owner has not routed for a while (lost with its silo): its waiters take the message id over.</summary>
    /// <returns>The claims that ended.</returns>
    public IReadOnlyList<Claim> ExpireClaims()
    {
        var now = time.GetTimestamp();
        return Abandon(claim => claim.ExpiresAt <= now);
    }

    /// <summary>
    /// Ends, without a record, every claim <paramref name="lost"/> says is lost (its owner's silo
    /// was declared dead): its waiters take the message id over.
    /// </summary>
    /// <returns>The claims that ended.</returns>
    public IReadOnlyList<Claim> Abandon(Func<Claim, bool> lost)
    {
        if (claims.Count == 0)
        {
            return [];
        }

        var ended = claims.Where(c => lost(c.Value)).ToList();
        foreach (var (messageId, claim) in ended)
        {
            claims.Remove(messageId);
            claim.Finish(null);
        }

        return [.. ended.Select(c => c.Value)];
    }

    /// <summary>
    /// This activation of the group started without a hand-over from the previous one (that one
    /// was lost with its silo, or could not write it): for a claim's lifetime, a repeat that says it
    /// was waiting for a dispatch in progress holds the message id for that dispatch instead of
    /// taking it over, since that dispatch may be delivering now and cannot have started an attempt
    /// that outlives a claim.
    /// </summary>
    public void Recover() => recoveringUntil = ClaimExpiry();

    /// <summary>The claims in progress, for the next activation (placeholders included).</summary>
    public HeldClaim[] HandOver()
    {
        return [.. claims.Select(c => new HeldClaim(c.Key, c.Value.Owner, c.Value.OwnerSilo.ToParsableString(), c.Value.Fingerprint, time.WallClockAt(c.Value.ExpiresAt)))];
    }

    /// <summary>Takes the claims the previous activation handed over (the expired ones are dropped): their owners' next routing calls are admitted as new ones.</summary>
    public void Restore(IEnumerable<HeldClaim> held)
    {
        var now = time.GetTimestamp();
        foreach (var entry in held)
        {
            if (time.TimestampAt(entry.ExpiresAt) is { } expiresAt && !claims.ContainsKey(entry.MessageId))
            {
                var silo = entry.Owner == Guid.Empty ? SiloAddress.Zero : SiloAddress.FromParsableString(entry.OwnerSilo);
                claims.Add(entry.MessageId, new Claim(entry.Owner, silo, entry.Fingerprint, expiresAt, ++arrivals, now) { Restored = true });
            }
        }
    }

    /// <summary>
    /// A claim lasts an attempt timeout plus the grace from its owner's last routing call, so an
    /// owner lost with its silo stops blocking repeats within that.
    /// </summary>
    private long ClaimExpiry() => time.TimestampAfter(options.AttemptTimeout + options.InFlightLeaseGrace);
}
