using System.Buffers.Binary;

namespace Orleans.Dispatch.Conversation;

/// <summary>
/// Fresh owner tokens for dispatches: a random 64-bit prefix per process and a counter, unique
/// across silos and restarts without drawing random bytes per dispatch (measured: Guid.NewGuid
/// on the hot path cost more than the rest of the conversation's set-up).
/// </summary>
internal static class OwnerToken
{
    private static readonly long Prefix = Random.Shared.NextInt64();
    private static long counter;

    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Prefix);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Interlocked.Increment(ref counter));
        return new Guid(bytes);
    }
}
