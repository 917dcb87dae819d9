namespace Orleans.Dispatch;

/// <summary>What a routing function decided: one consumer, nobody now but wait for room, or nobody.</summary>
public readonly struct RoutingDecision : IEquatable<RoutingDecision>
{
    private readonly bool wait;

    private RoutingDecision(ConsumerId? consumer, bool wait)
    {
        Consumer = consumer;
        this.wait = wait;
    }

    /// <summary>Gets the decision that selects nobody: no suitable consumer (the dispatch fails with <see cref="NoConsumerAvailableException"/>).</summary>
    public static RoutingDecision None => default;

    /// <summary>
    /// Gets the decision "nobody now, but a candidate will have room: keep this message waiting".
    /// The group holds the dispatch in its waiting line and runs the function again when capacity
    /// appears (a lease released, a consumer added, a <c>MaxInFlight</c> raised).
    /// </summary>
    public static RoutingDecision Wait => new(null, true);

    /// <summary>Gets the selected consumer, or null when nobody was selected.</summary>
    public ConsumerId? Consumer { get; }

    /// <summary>Gets whether nobody was selected and the message should not wait.</summary>
    public bool IsNone => Consumer is null && !wait;

    /// <summary>Gets whether the message should wait for a candidate to have room.</summary>
    public bool IsWait => wait;

    /// <summary>Selects <paramref name="consumer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    public static RoutingDecision Select(ConsumerId consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return new RoutingDecision(consumer, false);
    }

    /// <summary>Returns true when both decisions are the same: the same consumer, both wait, or both select nobody.</summary>
    public static bool operator ==(RoutingDecision left, RoutingDecision right) => left.Equals(right);

    /// <summary>Returns true when the decisions differ.</summary>
    public static bool operator !=(RoutingDecision left, RoutingDecision right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(RoutingDecision other) => Consumer == other.Consumer && wait == other.wait;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RoutingDecision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Consumer, wait);

    /// <inheritdoc />
    public override string ToString() => Consumer is not null ? $"Select({Consumer})" : wait ? "Wait" : "None";
}
