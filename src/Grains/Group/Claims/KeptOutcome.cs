using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// What the <see cref="OutcomeLog"/> keeps of one <see cref="OutcomeRecord"/>. A delivery at the
/// first try, nearly every record, is kept as plain values and a shared <see cref="DeliveredBy"/>,
/// with no object of its own: a record lives for the idempotency window, long enough for the
/// garbage collector to copy every object it holds up to its oldest generation, and collect it
/// there. Anything else (a reroute, a failure) keeps the record itself.
/// </summary>
internal readonly struct KeptOutcome
{
    /// <summary>The key sequence of a message without an ordering key (sequences start at 1).</summary>
    private const long Unordered = long.MinValue;

    private readonly Guid fingerprint;
    /// <summary>The record itself, or who delivered it; null only in the empty value (<see cref="IsEmpty"/>).</summary>
    private readonly object? held;
    private readonly TimeSpan waitedFor;
    private readonly long keySequence;

    private KeptOutcome(long recordedAt, Guid fingerprint, object held, TimeSpan waitedFor, long keySequence)
    {
        RecordedAt = recordedAt;
        this.fingerprint = fingerprint;
        this.held = held;
        this.waitedFor = waitedFor;
        this.keySequence = keySequence;
    }

    /// <summary>When it was recorded, as a timestamp of the group's <see cref="TimeProvider"/>.</summary>
    public long RecordedAt { get; }

    /// <summary>Whether this is the empty value (<c>default</c>): nothing kept, as in a place of the log whose record was forgotten.</summary>
    public bool IsEmpty => held is null;

    /// <summary>Whether <paramref name="record"/> is kept as values: a delivery at the first try.</summary>
    public static bool KeepsAsValues(OutcomeRecord record) => record is { Outcome: { Crashes.Count: 0, Replayed: false } };

    /// <summary>Keeps a delivery at the first try (<see cref="KeepsAsValues"/>), delivered by <paramref name="deliveredBy"/>, equal to its outcome's.</summary>
    public static KeptOutcome Delivered(OutcomeRecord record, long recordedAt, DeliveredBy deliveredBy)
    {
        var outcome = record.Outcome!;
        return new(recordedAt, record.Fingerprint, deliveredBy, outcome.WaitedFor, outcome.KeySequence ?? Unordered);
    }

    /// <summary>Keeps <paramref name="record"/> itself.</summary>
    public static KeptOutcome Whole(OutcomeRecord record, long recordedAt) => new(recordedAt, record.Fingerprint, record, TimeSpan.Zero, Unordered);

    /// <summary>The record again: equal, property by property, to the one kept.</summary>
    public OutcomeRecord ToRecord(string messageId) => held switch
    {
        OutcomeRecord whole => whole,
        DeliveredBy by => new OutcomeRecord(
            messageId,
            fingerprint,
            new DispatchOutcome(messageId, by.Consumer, by.Function, []) { WaitedFor = waitedFor, KeySequence = keySequence == Unordered ? null : keySequence },
            null),
        _ => throw new InvalidOperationException("A kept outcome holds its record or who delivered it."),
    };
}
