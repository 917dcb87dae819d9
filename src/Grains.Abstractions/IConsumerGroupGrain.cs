namespace Orleans.Dispatch;

/// <summary>
/// A consumer group, keyed by group name: its consumers, their live state and its routing
/// function. Registrations and the function name are persisted; in-flight counts are not.
/// </summary>
[Alias("Orleans.Dispatch.IConsumerGroupGrain")]
public interface IConsumerGroupGrain : IGrainWithStringKey
{
    /// <summary>Adds a consumer, or replaces the registration with the same id. Takes effect at the next routing decision.</summary>
    /// <returns>True when the id is new; false when it replaced a registration.</returns>
    /// <exception cref="ArgumentException">The registration is null or malformed.</exception>
    [Alias("AddConsumer")]
    Task<bool> AddConsumer(ConsumerRegistration registration);

    /// <summary>Removes a consumer. Takes effect at the next routing decision; attempts in flight to it finish.</summary>
    /// <returns>True when it was registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    [Alias("RemoveConsumer")]
    Task<bool> RemoveConsumer(ConsumerId consumer);

    /// <summary>Gets the routing function in force and the consumers' live state, ordered by id.</summary>
    [Alias("GetSnapshot")]
    Task<ConsumerGroupSnapshot> GetSnapshot();

    /// <summary>
    /// Sets the routing function by its registered name (for example <c>least-loaded</c> or
    /// <c>by-field:target</c>). Takes effect at the next routing decision; dispatches already
    /// in flight keep the function they started with.
    /// </summary>
    /// <exception cref="ArgumentException">The name is null, malformed or not registered; the function in force is unchanged.</exception>
    [Alias("SetRoutingFunction")]
    Task SetRoutingFunction(string name);

    /// <summary>
    /// Records the depth of a consumer's pending buffer, as routing functions see it in
    /// <see cref="ConsumerStateView.BufferDepth"/>. Consumers call it when their backlog changes.
    /// Not persisted.
    /// </summary>
    /// <returns>True when the consumer is registered; false when it is not (nothing is recorded).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferDepth"/> is negative.</exception>
    [Alias("ReportBufferDepth")]
    Task<bool> ReportBufferDepth(ConsumerId consumer, int bufferDepth);

    /// <summary>Gets the group's dead letters, oldest first: messages that could not be delivered (no consumer, <c>MaxAttempts</c> or <c>DispatchTimeout</c> reached).</summary>
    /// <param name="max">The most to return, from 1 to 10,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is out of range.</exception>
    [Alias("GetDeadLetters")]
    Task<IReadOnlyList<DeadLetter>> GetDeadLetters(int max = 100);

    /// <summary>
    /// Takes up to <paramref name="max"/> of the oldest dead letters out of the store and
    /// dispatches each again, with its own message id (the group forgets its failure first). A
    /// message that fails again is kept again as a new dead letter.
    /// </summary>
    /// <param name="max">The most to dispatch again, from 1 to 10,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is out of range.</exception>
    [Alias("RedispatchDeadLetters"), Orleans.Concurrency.AlwaysInterleave]
    Task<DeadLetterRedispatch> RedispatchDeadLetters(int max = 100);

    /// <summary>Deletes every dead letter of the group.</summary>
    /// <returns>How many were deleted.</returns>
    [Alias("PurgeDeadLetters")]
    Task<int> PurgeDeadLetters();
}
