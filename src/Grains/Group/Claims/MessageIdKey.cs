using System.Text;

namespace Orleans.Dispatch.Group.Claims;

/// <summary>
/// A message id as the <see cref="OutcomeLog"/> keys it: an ASCII id of up to
/// <see cref="InlineLength"/> characters (a GUID with or without dashes or braces, a ULID, most ids an
/// application makes) as bytes inside the key, any other as its string. A kept id is then no object of its
/// own, which the garbage collector would copy up to its oldest generation while the idempotency
/// window keeps it.
/// </summary>
internal readonly struct MessageIdKey : IEquatable<MessageIdKey>
{
    /// <summary>The longest id kept inline.</summary>
    public const int InlineLength = 40;

    private readonly MessageIdBytes bytes;
    private readonly int length;
    private readonly string? text;

    private MessageIdKey(string id)
    {
        if (id.Length <= InlineLength && Ascii.FromUtf16(id, bytes, out length) == System.Buffers.OperationStatus.Done)
        {
            return;
        }

        length = id.Length;
        text = id;
    }

    /// <summary>The key of <paramref name="id"/>.</summary>
    public static MessageIdKey For(string id) => new(id);

    /// <inheritdoc />
    public bool Equals(MessageIdKey other)
    {
        if (text is not null || other.text is not null)
        {
            return string.Equals(text, other.text, StringComparison.Ordinal);
        }

        ReadOnlySpan<byte> mine = bytes;
        ReadOnlySpan<byte> theirs = other.bytes;
        return length == other.length && mine[..length].SequenceEqual(theirs[..length]);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessageIdKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        if (text is not null)
        {
            return StringComparer.Ordinal.GetHashCode(text);
        }

        ReadOnlySpan<byte> inline = bytes;
        var hash = default(HashCode);
        hash.AddBytes(inline[..length]);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        ReadOnlySpan<byte> inline = bytes;
        return text ?? Encoding.ASCII.GetString(inline[..length]);
    }
}
