namespace Orleans.Dispatch;

/// <summary>A consumer group as it is at one instant: its routing function and its consumers' live state.</summary>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConsumerGroupSnapshot")]
public sealed class ConsumerGroupSnapshot
{
    /// <summary>Creates a snapshot.</summary>
    public ConsumerGroupSnapshot(string group, string routingFunction, IReadOnlyList<ConsumerStateView> consumers)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(routingFunction);
        ArgumentNullException.ThrowIfNull(consumers);
        Group = group;
        RoutingFunction = routingFunction;
        Consumers = consumers;
    }

    /// <summary>Gets the group's name.</summary>
    [Id(0)]
    public string Group { get; }

    /// <summary>Gets the name of the routing function in force.</summary>
    [Id(1)]
    public string RoutingFunction { get; }

    /// <summary>Gets the consumers, ordered by id (ordinal).</summary>
    [Id(2)]
    public IReadOnlyList<ConsumerStateView> Consumers { get; }

    /// <summary>
    /// Gets the removed consumers that still have attempts in flight, ordered by id: scale-in is
    /// done for a consumer once it is gone from this list.
    /// </summary>
    [Id(3)]
    public IReadOnlyList<DrainingConsumer> Draining { get; init; } = [];

    /// <summary>Gets how many dispatches wait in the group's line for a consumer with room.</summary>
    [Id(4)]
    public int Waiting { get; init; }

    /// <summary>Gets how long the dispatch that has waited longest has waited (zero when none waits).</summary>
    [Id(5)]
    public TimeSpan OldestWaitingFor { get; init; }

    /// <summary>Gets the field messages are ordered by, or null when ordering is off (see <see cref="IConsumerGroupGrain.SetOrderingKey"/>).</summary>
    [Id(6)]
    public string? OrderingKey { get; init; }

    /// <summary>Gets how many ordered keys have a dispatch in progress.</summary>
    [Id(7)]
    public int ActiveKeys { get; init; }

    /// <summary>Gets the most dispatches of one key in progress or waiting their turn (0 when no key is active).</summary>
    [Id(8)]
    public int LongestKeyQueue { get; init; }

    /// <summary>Each registered consumer's grain, by consumer id: where to look for its activation.</summary>
    [Id(9)]
    public IReadOnlyDictionary<ConsumerId, GrainId> ConsumerGrains { get; init; } = new Dictionary<ConsumerId, GrainId>();

    /// <summary>The consumers that are worker processes (not grains), by consumer id, with where they run.</summary>
    [Id(10)]
    public IReadOnlyDictionary<ConsumerId, WorkerInfo> Workers { get; init; } = new Dictionary<ConsumerId, WorkerInfo>();

    /// <summary>
    /// How far back the group remembers how dispatches ended, for idempotency: its
    /// <c>IdempotencyWindow</c>, unless its <c>IdempotencyMemoryLimit</c> made it drop records
    /// younger than that within the last window; then the age of the oldest record it holds. A
    /// repeat of a message id that ended longer ago than this is dispatched again.
    /// </summary>
    [Id(11)]
    public TimeSpan IdempotencyHeld { get; init; }

    /// <summary>How many records of ended dispatches the group holds for idempotency.</summary>
    [Id(12)]
    public int IdempotencyRecords { get; init; }

    /// <summary>The memory those records are counted at, in bytes (about 56 a record; more for one kept whole: a reroute, a failure, a wait, an ordered message).</summary>
    [Id(13)]
    public long IdempotencyBytes { get; init; }
}
