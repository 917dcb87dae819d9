namespace Orleans.Dispatch;

/// <summary>What a routing function decided: one consumer, or nobody.</summary>
public readonly struct RoutingDecision : IEquatable<RoutingDecision>
{
    private RoutingDecision(ConsumerId? consumer) => Consumer = consumer;

    /// <summary>Gets the decision that selects nobody (the dispatch fails with <see cref="NoConsumerAvailableException"/>).</summary>
    public static RoutingDecision None => default;

    /// <summary>Gets the selected consumer, or null when nobody was selected.</summary>
    public ConsumerId? Consumer { get; }

    /// <summary>Gets whether nobody was selected.</summary>
    public bool IsNone => Consumer is null;

    /// <summary>Selects <paramref name="consumer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    public static RoutingDecision Select(ConsumerId consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return new RoutingDecision(consumer);
    }

    /// <summary>Returns true when both decisions select the same consumer, or both select nobody.</summary>
    public static bool operator ==(RoutingDecision left, RoutingDecision right) => left.Equals(right);

    /// <summary>Returns true when the decisions differ.</summary>
    public static bool operator !=(RoutingDecision left, RoutingDecision right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(RoutingDecision other) => Consumer == other.Consumer;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RoutingDecision other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Consumer?.GetHashCode() ?? 0;

    /// <inheritdoc />
    public override string ToString() => Consumer is null ? "None" : $"Select({Consumer})";
}
