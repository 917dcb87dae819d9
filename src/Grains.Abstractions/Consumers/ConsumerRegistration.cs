using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>
/// Registers a consumer grain in a group under an id, with how many messages it accepts in
/// flight and its affinity tags.
/// </summary>
/// <example>
/// <code>
/// var registration = new ConsumerRegistration(new ConsumerId("eu-1"), grains.GetGrain&lt;IMyConsumer&gt;("eu-1"))
/// {
///     MaxInFlight = 16,
///     AffinityTags = ["eu", "gpu"],
/// };
/// </code>
/// </example>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConsumerRegistration")]
public sealed class ConsumerRegistration
{
    /// <summary>The default of <see cref="MaxInFlight"/>: 100.</summary>
    public static readonly int DefaultMaxInFlight = 100;

    /// <summary>The largest <see cref="MaxInFlight"/> accepted: 1,000,000.</summary>
    public static readonly int MaxInFlightLimit = 1_000_000;

    [Id(0)]
    private readonly ConsumerId id;

    [Id(1)]
    private readonly IConsumerGrain consumer;

    [Id(2)]
    private readonly int maxInFlight = DefaultMaxInFlight;

    [Id(3)]
    private readonly string[] affinityTags = [];

    /// <summary>Creates a registration of <paramref name="consumer"/> under <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="consumer"/> is null.</exception>
    public ConsumerRegistration(ConsumerId id, IConsumerGrain consumer)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(consumer);
        this.id = id;
        this.consumer = consumer;
    }

    /// <summary>Gets the consumer's id within the group.</summary>
    public ConsumerId Id => id;

    /// <summary>Gets the consumer grain messages are delivered to.</summary>
    public IConsumerGrain Consumer => consumer;

    /// <summary>Gets the most messages the consumer accepts in flight at once.</summary>
    /// <value>From 1 to 1,000,000; <see cref="DefaultMaxInFlight"/> (100) by default.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 1,000,000.</exception>
    public int MaxInFlight
    {
        get => maxInFlight;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxInFlight));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxInFlightLimit, nameof(MaxInFlight));
            maxInFlight = value;
        }
    }

    /// <summary>Gets the consumer's affinity tags, sorted and without duplicates.</summary>
    /// <value>Empty by default. Each tag follows the consumer id rules.</value>
    /// <exception cref="ArgumentNullException">The collection or a tag is null.</exception>
    /// <exception cref="ArgumentException">A tag is empty, whitespace-only, has control characters or is over 256 characters.</exception>
    public IReadOnlyList<string> AffinityTags
    {
        get => affinityTags;
        init => affinityTags = TagSet.Normalize(value, nameof(AffinityTags));
    }

    /// <summary>The tags as stored: sorted, unique.</summary>
    internal string[] SortedTags => affinityTags;

    /// <summary>
    /// Returns why this registration is malformed, or null when it is well formed (a check for
    /// registrations deserialized from untrusted clients).
    /// </summary>
    internal string? FindDefect()
    {
        if (id is null)
        {
            return "it has no consumer id";
        }

        if (Identifier.Check(id.Value) is { } idProblem)
        {
            return $"its consumer id {idProblem}";
        }

        if (consumer is null)
        {
            return "it has no consumer grain";
        }

        if (maxInFlight < 1 || maxInFlight > MaxInFlightLimit)
        {
            return $"its {nameof(MaxInFlight)} {maxInFlight} is outside 1 to {MaxInFlightLimit}";
        }

        return affinityTags is null
            ? "its affinity tags are missing"
            : Identifier.CheckSortedSet(affinityTags, "affinity tag");
    }
}
