using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// What the <see cref="OutcomeLog"/> keeps of one <see cref="OutcomeRecord"/>, in 32 bytes. A
/// delivery at the first try that neither waited nor belongs to an ordering key, nearly every
/// record, is kept as its fingerprint and a shared <see cref="DeliveredBy"/>, with no object of its
/// own: a record lives for the idempotency window, long enough for the garbage collector to copy
/// every object it holds up to its oldest generation, and collect it there. Anything else (a
/// reroute, a failure, a wait, an ordered message) keeps the record itself.
/// </summary>
internal readonly struct KeptOutcome
{
    private readonly Guid fingerprint;

    /// <summary>The record itself, or who delivered it; null only in the empty value (<see cref="IsEmpty"/>).</summary>
    private readonly object? held;

    private KeptOutcome(long recordedAt, Guid fingerprint, object held)
    {
        RecordedAt = recordedAt;
        this.fingerprint = fingerprint;
        this.held = held;
    }

    /// <summary>When it was recorded, as a timestamp of the group's <see cref="TimeProvider"/>.</summary>
    public long RecordedAt { get; }

    /// <summary>Whether this is the empty value (<c>default</c>): nothing kept, as in a place of the log whose record was forgotten.</summary>
    public bool IsEmpty => held is null;

    /// <summary>Whether the record itself is kept (its memory counts beside the log's arrays).</summary>
    public bool IsWhole => held is OutcomeRecord;

    /// <summary>The record kept whole, or null.</summary>
    public OutcomeRecord? Whole => held as OutcomeRecord;

    /// <summary>Whether <paramref name="record"/> is kept as values: a delivery at the first try, without a wait or an ordering key.</summary>
    public static bool KeepsAsValues(OutcomeRecord record) =>
        record is { Outcome: { Crashes.Count: 0, Replayed: false, KeySequence: null } outcome } && outcome.WaitedFor == TimeSpan.Zero;

    /// <summary>Keeps a delivery (<see cref="KeepsAsValues"/>), delivered by <paramref name="deliveredBy"/>, equal to its outcome's.</summary>
    public static KeptOutcome Delivered(OutcomeRecord record, long recordedAt, DeliveredBy deliveredBy) => new(recordedAt, record.Fingerprint, deliveredBy);

    /// <summary>Keeps <paramref name="record"/> itself.</summary>
    public static KeptOutcome Kept(OutcomeRecord record, long recordedAt) => new(recordedAt, record.Fingerprint, record);

    /// <summary>The record again: equal, property by property, to the one kept.</summary>
    public OutcomeRecord ToRecord(string messageId) => held switch
    {
        OutcomeRecord whole => whole,
        DeliveredBy by => new OutcomeRecord(messageId, fingerprint, new DispatchOutcome(messageId, by.Consumer, by.Function, []), null),
        _ => throw new InvalidOperationException("A kept outcome holds its record or who delivered it."),
    };
}
