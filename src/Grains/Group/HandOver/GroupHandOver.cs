namespace Orleans.Dispatch.Group.HandOver;

/// <summary>
/// What a group activation that deactivates hands to the next one through storage: the message
/// ids in progress and the leases on consumer capacity, so that a repeat of a message still being
/// delivered waits for it instead of delivering it again, and the consumers' in-flight counts go on
/// from where they were. Written once, when the activation deactivates with anything in progress;
/// read, and cleared, by the next activation.
/// </summary>
/// <param name="Claims">The message ids in progress, with their owners.</param>
/// <param name="Leases">The attempts in flight, by consumer.</param>
[GenerateSerializer, Alias("Orleans.Dispatch.GroupHandOver")]
internal sealed record GroupHandOver(
    [property: Id(0)] HeldClaim[] Claims,
    [property: Id(1)] HeldLease[] Leases);
