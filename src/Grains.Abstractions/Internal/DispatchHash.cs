namespace Orleans.Dispatch.Internal;

/// <summary>
/// A 64-bit hash of text that is the same in every process, on every platform and after restarts
/// (unlike <see cref="string.GetHashCode()"/>): FNV-1a over the UTF-16 code units, then a
/// MurmurHash3 finalizer so that nearby inputs spread over all bits.
/// </summary>
internal static class DispatchHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Hashes <paramref name="text"/>.</summary>
    public static ulong Of(string text)
    {
        var hash = FnvOffset;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return Mix(hash);
    }

    /// <summary>Combines two hashes into one well-spread value (order matters).</summary>
    public static ulong Combine(ulong first, ulong second) => Mix(first ^ (second * 0x9E3779B97F4A7C15UL));

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xFF51AFD7ED558CCDUL;
        k ^= k >> 33;
        k *= 0xC4CEB9FE1A85EC53UL;
        k ^= k >> 33;
        return k;
    }
}
