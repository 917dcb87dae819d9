namespace Orleans.Dispatch.Group.HandOver;

/// <summary>A message id in progress as handed over: its owner dispatch, the owner's silo, its content, and until when it holds (wall-clock time: the next activation may run on another silo).</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Owner">The owner dispatch's token; <see cref="Guid.Empty"/> for a placeholder (an owner not known yet, see <c>MessageLedger</c>).</param>
/// <param name="OwnerSilo">The owner's silo, as <c>SiloAddress.ToParsableString</c> writes it.</param>
/// <param name="Fingerprint">The message's content fingerprint.</param>
/// <param name="ExpiresAt">When the claim ends without a routing call from its owner.</param>
[GenerateSerializer, Alias("Orleans.Dispatch.HeldClaim")]
internal sealed record HeldClaim(
    [property: Id(0)] string MessageId,
    [property: Id(1)] Guid Owner,
    [property: Id(2)] string OwnerSilo,
    [property: Id(3)] Guid Fingerprint,
    [property: Id(4)] DateTimeOffset ExpiresAt);
