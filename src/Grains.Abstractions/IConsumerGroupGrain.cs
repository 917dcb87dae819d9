namespace Orleans.Dispatch;

/// <summary>
/// A consumer group, keyed by group name: its consumers, their live state and its routing
/// function. Registrations and the function name are persisted; in-flight counts are not.
/// </summary>
[Alias("Orleans.Dispatch.IConsumerGroupGrain")]
public interface IConsumerGroupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a consumer, or replaces the registration with the same id. Takes effect at the routing
    /// decision after it is stored; dispatches go on with the registrations in force meanwhile.
    /// Re-adding an id that is still draining keeps its attempts in flight counted.
    /// </summary>
    /// <returns>True when the id is new; false when it replaced a registration.</returns>
    /// <exception cref="ArgumentException">The registration is null or malformed.</exception>
    /// <remarks>When storage fails, the call throws and the group goes on with what storage holds.</remarks>
    [Alias("AddConsumer"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> AddConsumer(ConsumerRegistration registration);

    /// <summary>
    /// Removes a consumer. Takes effect at the routing decision after it is stored; attempts in
    /// flight to it finish, and the snapshot lists it as draining until they have.
    /// </summary>
    /// <returns>True when it was registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    [Alias("RemoveConsumer"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> RemoveConsumer(ConsumerId consumer);

    /// <summary>Gets the routing function in force and the consumers' live state, ordered by id.</summary>
    [Alias("GetSnapshot")]
    Task<ConsumerGroupSnapshot> GetSnapshot();

    /// <summary>
    /// Gets how the group's dispatches ended over the last <paramref name="seconds"/> seconds:
    /// delivered, rerouted, failed by kind and latency, per second, cluster-wide. Recording it costs
    /// a few counters per dispatch; nothing is computed until this is called.
    /// </summary>
    /// <param name="seconds">1 to <see cref="GroupActivity.MaxSeconds"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is outside 1 to <see cref="GroupActivity.MaxSeconds"/>.</exception>
    [Alias("GetActivity"), Orleans.Concurrency.AlwaysInterleave]
    Task<GroupActivity> GetActivity(int seconds = GroupActivity.MaxSeconds);

    /// <summary>
    /// Sets the routing function by its registered name (for example <c>least-loaded</c> or
    /// <c>by-field:target</c>). Takes effect at the next routing decision; dispatches already
    /// in flight keep the function they started with.
    /// </summary>
    /// <exception cref="ArgumentException">The name is null, malformed or not registered; the function in force is unchanged.</exception>
    [Alias("SetRoutingFunction"), Orleans.Concurrency.AlwaysInterleave]
    Task SetRoutingFunction(string name);

    /// <summary>
    /// Orders the group's messages by <paramref name="field"/>: messages whose field has the same
    /// value (kind and text) are dispatched one at a time, in the order the group first received
    /// them, each starting only once the previous one's dispatch ended (delivered, or failed for
    /// good and kept as a dead letter); different values go in parallel. A message without the
    /// field, or with it null, is unordered. Null turns ordering off. Persisted with the registrations.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="field"/> is not a valid field name.</exception>
    [Alias("SetOrderingKey"), Orleans.Concurrency.AlwaysInterleave]
    Task SetOrderingKey(string? field);

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

    /// <summary>
    /// Takes a consumer out of rotation by hand (an operator's cordon): it gets no new message until
    /// <see cref="Uncordon"/>; attempts in flight to it finish. Persisted with the registrations.
    /// </summary>
    /// <returns>True when the consumer is registered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    [Alias("Cordon"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> Cordon(ConsumerId consumer);

    /// <summary>Brings a cordoned consumer back: it ramps up over the health policy's slow start, as a consumer back from an ejection does.</summary>
    /// <returns>True when the consumer is registered (cordoned or not).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="consumer"/> is null.</exception>
    [Alias("Uncordon"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> Uncordon(ConsumerId consumer);

    /// <summary>
    /// Gives the group a consumer-health policy of its own (null: the silo's
    /// <c>DispatchOptions.ConsumerHealth</c>). Takes effect at the next routing decision; what the
    /// group has learned of its consumers is kept. Persisted with the registrations.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is not valid; the one in force is unchanged.</exception>
    [Alias("SetConsumerHealth"), Orleans.Concurrency.AlwaysInterleave]
    Task SetConsumerHealth(ConsumerHealthPolicy? policy);
}
