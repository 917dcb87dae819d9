namespace Orleans.Dispatch;

/// <summary>Limits and defaults of dispatch, validated when the silo starts.</summary>
public sealed class DispatchOptions
{
    /// <summary>
    /// Gets or sets how long one delivery attempt may take. Past it the attempt is a crash, the
    /// message is rerouted, and the cancellation token passed to <see cref="IConsumerGrain.Consume"/> is cancelled.
    /// </summary>
    /// <value>10 seconds by default (<see cref="DispatchDefaults.AttemptTimeout"/>). Positive, at most <see cref="DispatchTimeout"/>.</value>
    public TimeSpan AttemptTimeout { get; set; } = DispatchDefaults.AttemptTimeout;

    /// <summary>
    /// Gets or sets how long one run of a routing function may take, counted from when the
    /// function starts (not from when it was queued). Past it the dispatch fails with
    /// <see cref="RoutingEvaluationException"/> and the run is abandoned.
    /// </summary>
    /// <value>2 seconds by default (<see cref="DispatchDefaults.RoutingTimeout"/>). Positive, at most <see cref="DispatchTimeout"/>.</value>
    public TimeSpan RoutingTimeout { get; set; } = DispatchDefaults.RoutingTimeout;

    /// <summary>
    /// Gets or sets how long a whole dispatch may take, all attempts included. Past it the
    /// dispatch fails with <see cref="DispatchExhaustedException"/> carrying the crash chain.
    /// </summary>
    /// <value>
    /// 25 seconds by default (<see cref="DispatchDefaults.DispatchTimeout"/>). Must be at least
    /// <see cref="DispatchDefaults.ResponseTimeoutMargin"/> shorter than the silo's
    /// <c>SiloMessagingOptions.ResponseTimeout</c>; clients should use a response timeout longer
    /// than it too.
    /// </value>
    public TimeSpan DispatchTimeout { get; set; } = DispatchDefaults.DispatchTimeout;

    /// <summary>
    /// Gets or sets the most delivery attempts one dispatch makes. Past it the dispatch fails with
    /// <see cref="DispatchExhaustedException"/>. An attempt refused before it reached the consumer
    /// (its silo unreachable) is a crash, but is not counted.
    /// </summary>
    /// <value>10 by default (<see cref="DispatchDefaults.MaxAttempts"/>). From 1 to 1,000.</value>
    public int MaxAttempts { get; set; } = DispatchDefaults.MaxAttempts;

    /// <summary>
    /// Gets or sets the grace after <see cref="AttemptTimeout"/> before an attempt whose
    /// conversation never reported back (its silo died) stops counting in
    /// <see cref="ConsumerStateView.CurrentInFlight"/>. Such an attempt is released within
    /// <see cref="AttemptTimeout"/> plus this grace.
    /// </summary>
    /// <value>5 seconds by default (<see cref="DispatchDefaults.InFlightLeaseGrace"/>). Positive.</value>
    public TimeSpan InFlightLeaseGrace { get; set; } = DispatchDefaults.InFlightLeaseGrace;

    /// <summary>Gets or sets the routing function a group uses until <see cref="IConsumerGroupGrain.SetRoutingFunction"/> is called.</summary>
    /// <value><c>round-robin</c> by default (<see cref="DispatchDefaults.RoutingFunction"/>). Must be a registered name.</value>
    public string DefaultRoutingFunction { get; set; } = DispatchDefaults.RoutingFunction;

    /// <summary>
    /// Gets or sets how long a conversation waits for one call to its group grain (a routing
    /// decision, or the report that the dispatch ended) before treating the call as lost. A lost
    /// or rejected routing call (the group's silo died, the group is re-activating elsewhere) is
    /// retried with backoff until <see cref="DispatchTimeout"/>, so a group that moves to another
    /// silo delays dispatches instead of failing them.
    /// </summary>
    /// <value>5 seconds by default (<see cref="DispatchDefaults.GroupCallTimeout"/>). Longer than <see cref="RoutingTimeout"/>, at most <see cref="DispatchTimeout"/>.</value>
    public TimeSpan GroupCallTimeout { get; set; } = DispatchDefaults.GroupCallTimeout;

    /// <summary>
    /// Gets or sets how long a group remembers how a dispatch ended, by message id. Within it a
    /// repeat of the message id returns the recorded outcome (or throws the recorded failure)
    /// without delivering again. Zero turns the record off.
    /// </summary>
    /// <value>2 minutes by default (<see cref="DispatchDefaults.IdempotencyWindow"/>). Zero or positive.</value>
    public TimeSpan IdempotencyWindow { get; set; } = DispatchDefaults.IdempotencyWindow;

    /// <summary>
    /// Gets or sets the memory, in bytes, a group's records of ended dispatches may take, per
    /// group. A record costs about 56 bytes (more, about 570, for one kept whole: a reroute, a
    /// failure, a wait, an ordered message), so a group holds the whole <see cref="IdempotencyWindow"/>
    /// up to about limit / 56 / window dispatches a second. Past it the oldest records are
    /// dropped before their window ends: the group logs a warning, counts them in
    /// <c>orleans.dispatch.idempotency.dropped_early</c>, and its snapshot's
    /// <c>IdempotencyHeld</c> says how far back it still remembers. Zero turns the record off.
    /// Memory is taken as records come, not up front.
    /// </summary>
    /// <value>
    /// 384 MiB by default (<see cref="DispatchDefaults.IdempotencyMemoryLimit"/>): at 100,000
    /// dispatches a second, 72 s of records, more than the retrying client's 60 s deadline. From 0
    /// to 8 GiB.
    /// </value>
    public long IdempotencyMemoryLimit { get; set; } = DispatchDefaults.IdempotencyMemoryLimit;

    /// <summary>
    /// Gets or sets how many dispatches may wait in a group's line for a consumer with room (their
    /// routing function returned <see cref="RoutingDecision.Wait"/>). A dispatch that would wait
    /// beyond it fails at once with <see cref="GroupOverloadedException"/>; 0 turns waiting off, and
    /// a dispatch that finds every candidate at capacity fails with <see cref="NoConsumerAvailableException"/>.
    /// </summary>
    /// <value>10,000 by default (<see cref="DispatchDefaults.MaxWaitingPerGroup"/>). From 0 to 1,000,000.</value>
    public int MaxWaitingPerGroup { get; set; } = DispatchDefaults.MaxWaitingPerGroup;

    /// <summary>
    /// Gets or sets after how many overruns of <see cref="RoutingTimeout"/> within
    /// <see cref="QuarantineWindow"/> a routing function is quarantined for its group: its
    /// dispatches then fail at once with <see cref="RoutingEvaluationException"/>
    /// (<see cref="RoutingEvaluationFailure.Quarantined"/>) without running it, until
    /// <see cref="IConsumerGroupGrain.SetRoutingFunction"/> is called or <see cref="QuarantineDuration"/> passes.
    /// Zero turns quarantine off.
    /// </summary>
    /// <value>3 by default (<see cref="DispatchDefaults.QuarantineAfterOverruns"/>). From 0 to 1,000.</value>
    public int QuarantineAfterOverruns { get; set; } = DispatchDefaults.QuarantineAfterOverruns;

    /// <summary>Gets or sets the window in which overruns are counted for <see cref="QuarantineAfterOverruns"/>.</summary>
    /// <value>1 minute by default (<see cref="DispatchDefaults.QuarantineWindow"/>). Positive.</value>
    public TimeSpan QuarantineWindow { get; set; } = DispatchDefaults.QuarantineWindow;

    /// <summary>Gets or sets how long a quarantine lasts unless the function is swapped first.</summary>
    /// <value>1 minute by default (<see cref="DispatchDefaults.QuarantineDuration"/>). Positive.</value>
    public TimeSpan QuarantineDuration { get; set; } = DispatchDefaults.QuarantineDuration;

    /// <summary>
    /// Gets or sets the limits every dispatched message is checked against on the silo: a message
    /// over them is rejected with <see cref="ArgumentException"/> before anything is routed. Clients
    /// check <c>DispatchClientOptions.MessageLimits</c> before they send; keep the two equal.
    /// </summary>
    /// <value>64 fields, field names of 256 characters, 1 MiB of payload by default (<see cref="MessageLimits.Default"/>).</value>
    public MessageLimits MessageLimits { get; set; } = new();

    /// <summary>
    /// Gets or sets how many dead letters a group keeps at most: messages that could not be
    /// delivered (no consumer, <see cref="MaxAttempts"/> or <see cref="DispatchTimeout"/> reached),
    /// kept in the <c>dispatch</c> storage provider. Past it the oldest are dropped. Zero turns
    /// dead letters off.
    /// </summary>
    /// <value>1,000 by default (<see cref="DispatchDefaults.DeadLetterCapacity"/>). From 0 to 1,000,000.</value>
    public int DeadLetterCapacity { get; set; } = DispatchDefaults.DeadLetterCapacity;

    /// <summary>Gets or sets how many bytes of dead letters a group keeps at most (payloads, and field names and values as text); past it the oldest are dropped.</summary>
    /// <value>16 MiB by default (<see cref="DispatchDefaults.DeadLetterMaxBytes"/>). Positive.</value>
    public long DeadLetterMaxBytes { get; set; } = DispatchDefaults.DeadLetterMaxBytes;

    /// <summary>
    /// Gets or sets how a group learns which of its consumers are broken (alive but failing, or not
    /// answering): ejection, trial and slow start, the cap on how many are out of rotation, and the
    /// reroute budget. A group can have its own (<see cref="IConsumerGroupGrain.SetConsumerHealth"/>).
    /// <see cref="ConsumerHealthPolicy.Off"/> turns it off (a crashed consumer is then excluded for
    /// one message only, and a dispatch tries every consumer).
    /// </summary>
    /// <value><see cref="ConsumerHealthPolicy.Default"/> by default. Valid (<see cref="ConsumerHealthPolicy.FindDefect"/>).</value>
    public ConsumerHealthPolicy ConsumerHealth { get; set; } = ConsumerHealthPolicy.Default;
}
