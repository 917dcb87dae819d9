using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>
/// The live state of one consumer as a routing function sees it: its id, messages in flight to
/// it, the most it accepts, its reported buffer depth, its affinity tags, and its health as the
/// group tracks it (recent failures, state).
/// </summary>
/// <remarks>
/// Users can build views themselves to unit-test a routing function without a cluster:
/// <c>new ConsumerStateView(new ConsumerId("A"), maxInFlight: 4) { CurrentInFlight = 1, AffinityTags = ["eu"] }</c>.
/// </remarks>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConsumerStateView")]
public sealed class ConsumerStateView
{
    [Id(0)]
    private readonly ConsumerId consumer;

    [Id(1)]
    private readonly int maxInFlight;

    [Id(2)]
    private readonly int currentInFlight;

    [Id(3)]
    private readonly int bufferDepth;

    [Id(4)]
    private readonly string[] affinityTags = [];

    [Id(5)]
    private readonly ConsumerHealth health;

    [Id(6)]
    private readonly int recentFailures;

    [Id(7)]
    private readonly TimeSpan? healthTimeLeft;

    [Id(8)]
    private readonly string? lastFailure;

    /// <summary>Creates a view of a consumer with nothing in flight.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxInFlight"/> is below 1 or above 1,000,000.</exception>
    public ConsumerStateView(ConsumerId consumer, int maxInFlight)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInFlight, ConsumerRegistration.MaxInFlightLimit);
        this.consumer = consumer;
        this.maxInFlight = maxInFlight;
    }

    /// <summary>Creates a view from already-validated live state (no copies, no checks).</summary>
    internal ConsumerStateView(ConsumerId consumer, int maxInFlight, int currentInFlight, int bufferDepth, string[] sortedTags)
    {
        this.consumer = consumer;
        this.maxInFlight = maxInFlight;
        this.currentInFlight = currentInFlight;
        this.bufferDepth = bufferDepth;
        affinityTags = sortedTags;
    }

    /// <summary>Creates a view of <paramref name="live"/> with the group's health tracking applied (no checks).</summary>
    internal ConsumerStateView(ConsumerStateView live, int maxInFlight, ConsumerHealth health, int recentFailures, TimeSpan? healthTimeLeft, string? lastFailure)
        : this(live.consumer, maxInFlight, live.currentInFlight, live.bufferDepth, live.affinityTags)
    {
        this.health = health;
        this.recentFailures = recentFailures;
        this.healthTimeLeft = healthTimeLeft;
        this.lastFailure = lastFailure;
    }

    /// <summary>Gets the consumer's id.</summary>
    public ConsumerId Consumer => consumer;

    /// <summary>Gets the most messages the consumer accepts in flight.</summary>
    public int MaxInFlight => maxInFlight;

    /// <summary>Gets the delivery attempts in flight to the consumer now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int CurrentInFlight
    {
        get => currentInFlight;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(CurrentInFlight));
            currentInFlight = value;
        }
    }

    /// <summary>Gets the depth of the consumer's pending buffer, as it last reported it (0 until it reports).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int BufferDepth
    {
        get => bufferDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(BufferDepth));
            bufferDepth = value;
        }
    }

    /// <summary>Gets the consumer's affinity tags, sorted and without duplicates.</summary>
    /// <exception cref="ArgumentNullException">The collection or a tag is null.</exception>
    /// <exception cref="ArgumentException">A tag is not a valid identifier.</exception>
    public IReadOnlyList<string> AffinityTags
    {
        get => affinityTags;
        init => affinityTags = TagSet.Normalize(value, nameof(AffinityTags));
    }

    /// <summary>
    /// Gets the consumer's health as its group tracks it. Routing functions only ever see
    /// <see cref="ConsumerHealth.Healthy"/>, <see cref="ConsumerHealth.Ramping"/> (its
    /// <see cref="MaxInFlight"/> is then the capacity it has grown to), <see cref="ConsumerHealth.Probing"/>
    /// and <see cref="ConsumerHealth.Degraded"/> consumers; a group snapshot shows every state.
    /// </summary>
    public ConsumerHealth Health
    {
        get => health;
        init => health = value;
    }

    /// <summary>
    /// Gets the consumer's recent counted failures, each fading within about a second: load-aware
    /// functions count them as load, so a consumer that fails fast does not draw traffic
    /// (<c>least-loaded</c> does).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int RecentFailures
    {
        get => recentFailures;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(RecentFailures));
            recentFailures = value;
        }
    }

    /// <summary>Gets how long the consumer's state lasts at most: the rest of its ejection, or of its slow start; null otherwise.</summary>
    public TimeSpan? HealthTimeLeft
    {
        get => healthTimeLeft;
        init => healthTimeLeft = value;
    }

    /// <summary>Gets the consumer's last counted failure (the crash as text), or null when it has had none.</summary>
    public string? LastFailure
    {
        get => lastFailure;
        init => lastFailure = value;
    }

    /// <summary>Gets <see cref="MaxInFlight"/> minus <see cref="CurrentInFlight"/>, never below zero.</summary>
    public int AvailableCapacity => Math.Max(0, maxInFlight - currentInFlight);

    /// <summary>Gets whether the consumer accepts another message now.</summary>
    public bool HasCapacity => currentInFlight < maxInFlight;

    /// <summary>Returns whether the consumer has <paramref name="tag"/> among its affinity tags (ordinal).</summary>
    public bool HasAffinity(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return TagSet.Contains(affinityTags, tag);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{consumer} {currentInFlight}/{maxInFlight} in flight, buffer {bufferDepth}" + (affinityTags.Length == 0 ? string.Empty : $", tags [{string.Join(", ", affinityTags)}]")
        + (health == ConsumerHealth.Healthy ? string.Empty : $", {health}") + (recentFailures == 0 ? string.Empty : $", {recentFailures} recent failure(s)");
}
