using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>
/// The id of a consumer within its group: a string compared ordinally, with value equality.
/// </summary>
/// <remarks>
/// Valid ids are not empty or whitespace-only, contain no control characters and are at most
/// 256 characters long.
/// </remarks>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConsumerId")]
public sealed class ConsumerId : IEquatable<ConsumerId>, IComparable<ConsumerId>
{
    [Id(0)]
    private readonly string value;

    [NonSerialized]
    private ulong stableHash;

    /// <summary>Creates a consumer id.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, whitespace-only, has control characters or is over 256 characters.</exception>
    public ConsumerId(string value)
    {
        this.value = Identifier.Validate(value, nameof(value), "consumer id");
    }

    /// <summary>Gets the id text.</summary>
    public string Value => value;

    /// <summary>A hash of <see cref="Value"/> that is the same in every process (see <see cref="DispatchHash"/>).</summary>
    internal ulong StableHash
    {
        get
        {
            var hash = stableHash;
            if (hash == 0)
            {
                hash = DispatchHash.Of(value) | 1;
                stableHash = hash;
            }

            return hash;
        }
    }

    /// <summary>Returns true when both ids are null or have the same text (ordinal).</summary>
    public static bool operator ==(ConsumerId? left, ConsumerId? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Returns true when the ids differ.</summary>
    public static bool operator !=(ConsumerId? left, ConsumerId? right) => !(left == right);

    /// <summary>Ordinal comparison.</summary>
    public static bool operator <(ConsumerId? left, ConsumerId? right) => Compare(left, right) < 0;

    /// <summary>Ordinal comparison.</summary>
    public static bool operator <=(ConsumerId? left, ConsumerId? right) => Compare(left, right) <= 0;

    /// <summary>Ordinal comparison.</summary>
    public static bool operator >(ConsumerId? left, ConsumerId? right) => Compare(left, right) > 0;

    /// <summary>Ordinal comparison.</summary>
    public static bool operator >=(ConsumerId? left, ConsumerId? right) => Compare(left, right) >= 0;

    /// <inheritdoc />
    public bool Equals(ConsumerId? other) => other is not null && string.Equals(value, other.value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConsumerId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);

    /// <summary>Compares ids ordinally; null sorts first.</summary>
    public int CompareTo(ConsumerId? other) => Compare(this, other);

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => value;

    private static int Compare(ConsumerId? left, ConsumerId? right) =>
        ReferenceEquals(left, right) ? 0
        : left is null ? -1
        : right is null ? 1
        : string.CompareOrdinal(left.value, right.value);
}
