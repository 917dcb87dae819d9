namespace Orleans.Dispatch.Group.HandOver;

/// <summary>An attempt in flight as handed over: its lease, the consumer it counts against, its dispatch, and when it expires (wall-clock time).</summary>
/// <param name="Lease">The lease number the dispatch releases it with.</param>
/// <param name="Consumer">The consumer's id.</param>
/// <param name="Owner">The dispatch's owner token.</param>
/// <param name="ExpiresAt">When the lease is released if its dispatch never reports.</param>
[GenerateSerializer, Alias("Orleans.Dispatch.HeldLease")]
internal sealed record HeldLease(
    [property: Id(0)] long Lease,
    [property: Id(1)] string Consumer,
    [property: Id(2)] Guid Owner,
    [property: Id(3)] DateTimeOffset ExpiresAt);
