using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// A message id as the <see cref="OutcomeLog"/> keys it: the 128-bit XXH3 hash of its UTF-16
/// characters, sixteen bytes whatever the id's length, and no object of its own. Two different ids
/// share a key with a probability of about 2^-128 per pair: among the few million records a group
/// keeps, never in practice.
/// </summary>
internal readonly record struct MessageIdKey(UInt128 Hash)
{
    /// <summary>The key of <paramref name="id"/>.</summary>
    public static MessageIdKey For(string id) => new(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan())));

    /// <summary>The key's 32-bit hash code, for the log's index.</summary>
    public int Code => (int)(ulong)Hash;
}
