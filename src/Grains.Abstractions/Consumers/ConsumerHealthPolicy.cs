namespace Orleans.Dispatch;

/// <summary>
/// How a group learns which consumers are broken: what ejects a consumer, how long it stays out, how
/// it comes back, and how many reroutes the group spends when its consumers fail. The silo's
/// default is <c>DispatchOptions.ConsumerHealth</c>; a group can have its own
/// (<see cref="IConsumerGroupGrain.SetConsumerHealth"/>).
/// </summary>
/// <remarks>
/// Counted against a consumer: its <c>Consume</c> threw, its activation failed, or it did not
/// answer within the attempt timeout. Not counted: a call refused because the consumer's silo is
/// unreachable or dead, a worker process whose connection closed (both handled at once), and any
/// crash of a message that already crashed on two other consumers (a poison message is the
/// message's fault, not the next consumer's).
/// </remarks>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.ConsumerHealthPolicy")]
public sealed record ConsumerHealthPolicy
{
    /// <summary>Gets the policy the library uses unless told otherwise: the defaults of every property.</summary>
    public static ConsumerHealthPolicy Default { get; } = new();

    /// <summary>Gets a policy that tracks nothing: no consumer is ever ejected, suspect or degraded, and reroutes are not budgeted.</summary>
    public static ConsumerHealthPolicy Off { get; } = new() { Enabled = false };

    /// <summary>Gets whether the group tracks its consumers' health at all.</summary>
    /// <value>True by default.</value>
    [Id(0)]
    public bool Enabled { get; init; } = true;

    /// <summary>Gets how many counted failures in a row eject a consumer.</summary>
    /// <value>5 by default (Envoy's and Finagle's). 1 to 1,000.</value>
    [Id(1)]
    public int ConsecutiveFailures { get; init; } = 5;

    /// <summary>Gets the failure rate over <see cref="FailureRateWindow"/> that ejects a consumer, when the group's median rate is under half of it.</summary>
    /// <value>0.5 by default. Above 0, at most 1.</value>
    [Id(2)]
    public double FailureRate { get; init; } = 0.5;

    /// <summary>Gets the window of the failure-rate rule, and how many attempts it needs before it judges.</summary>
    /// <value>10 seconds and 20 attempts by default.</value>
    [Id(3)]
    public TimeSpan FailureRateWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc cref="FailureRateWindow"/>
    [Id(4)]
    public int FailureRateMinimumAttempts { get; init; } = 20;

    /// <summary>Gets how long a first ejection lasts; each ejection that follows doubles it (with 20% jitter), up to <see cref="MaxEjection"/>.</summary>
    /// <value>2 seconds by default: a consumer is cheap to probe (one message).</value>
    [Id(5)]
    public TimeSpan BaseEjection { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the longest one ejection lasts.</summary>
    /// <value>1 minute by default.</value>
    [Id(6)]
    public TimeSpan MaxEjection { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets how long a consumer must go without a counted failure for its ejection time to step back down once.</summary>
    /// <value>30 seconds by default.</value>
    [Id(7)]
    public TimeSpan EjectionDecay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the largest share of the group that may be out of rotation (ejected or probing) at once;
    /// one consumer may always be, even in a group of two. Past it, a consumer that meets the
    /// ejection rule is <see cref="ConsumerHealth.Degraded"/>. When more than half the group is failing
    /// together, the cause is taken to be shared (a database down), and nobody is ejected.
    /// </summary>
    /// <value>0.5 by default. Above 0, at most 1.</value>
    [Id(8)]
    public double MaxEjectedShare { get; init; } = 0.5;

    /// <summary>Gets how long a consumer back from an ejection takes to grow from one message in flight to its <c>MaxInFlight</c>.</summary>
    /// <value>5 seconds by default. Zero: it returns at full capacity.</value>
    [Id(9)]
    public TimeSpan SlowStart { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets how many times the group's recent attempt latency a consumer may hold messages without
    /// answering any, while its peers answer, before it is <see cref="ConsumerHealth.Suspect"/>, and
    /// the least that time is.
    /// </summary>
    /// <value>10 times, and at least 1 millisecond, by default: a suspect only stops drawing new messages, so the bound is tight.</value>
    [Id(10)]
    public double SuspectLatencyMultiple { get; init; } = 10;

    /// <inheritdoc cref="SuspectLatencyMultiple"/>
    [Id(11)]
    public TimeSpan SuspectFloor { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Gets the reroute budget: the share of the group's dispatches that may be rerouted after a
    /// counted crash, on top of <see cref="RerouteBudgetPerSecond"/>, saved for up to 10 seconds.
    /// Past it a dispatch whose attempt crashed ends with <c>NoConsumerAvailableException</c> instead
    /// of trying another consumer, so a group whose consumers all fail does not multiply the load on
    /// them. Reroutes after a refused call, a dead silo, a closed worker connection or a trial are free.
    /// </summary>
    /// <value>0.2 and 10 per second by default (Finagle's retry budget).</value>
    [Id(12)]
    public double RerouteBudgetRatio { get; init; } = 0.2;

    /// <inheritdoc cref="RerouteBudgetRatio"/>
    [Id(13)]
    public int RerouteBudgetPerSecond { get; init; } = 10;

    /// <summary>
    /// Gets the attempt timeout of the trial of a consumer that was ejected because it stopped
    /// answering (its latest attempt timed out): the trial only asks whether it answers again, so its
    /// message does not wait a whole attempt timeout for a consumer that still hangs. The trial gets
    /// the larger of this and <see cref="SuspectLatencyMultiple"/> times the group's recent attempt
    /// latency, and never more than the attempt timeout. A trial that times out is rerouted without
    /// costing its message an attempt, and ejects the consumer for the next step.
    /// </summary>
    /// <value>
    /// 1 second by default. Zero: the trial gets the attempt timeout. Not negative. A consumer whose
    /// work legitimately takes longer than this, in a group whose other consumers answer much faster,
    /// is probed back only when it answers within it: raise it for such a group.
    /// </value>
    [Id(14)]
    public TimeSpan SilentTrialTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Returns what is wrong with this policy, or null when it is valid.</summary>
    public string? FindDefect()
    {
        static bool Positive(TimeSpan span) => span > TimeSpan.Zero;
        return ConsecutiveFailures is < 1 or > 1_000 ? $"{nameof(ConsecutiveFailures)} ({ConsecutiveFailures}) must be 1 to 1,000"
            : !(FailureRate is > 0 and <= 1) ? $"{nameof(FailureRate)} ({FailureRate}) must be above 0 and at most 1"
            : !Positive(FailureRateWindow) ? $"{nameof(FailureRateWindow)} ({FailureRateWindow}) must be positive"
            : FailureRateMinimumAttempts < 1 ? $"{nameof(FailureRateMinimumAttempts)} ({FailureRateMinimumAttempts}) must be at least 1"
            : !Positive(BaseEjection) ? $"{nameof(BaseEjection)} ({BaseEjection}) must be positive"
            : MaxEjection < BaseEjection ? $"{nameof(MaxEjection)} ({MaxEjection}) must be at least {nameof(BaseEjection)} ({BaseEjection})"
            : !Positive(EjectionDecay) ? $"{nameof(EjectionDecay)} ({EjectionDecay}) must be positive"
            : !(MaxEjectedShare is > 0 and <= 1) ? $"{nameof(MaxEjectedShare)} ({MaxEjectedShare}) must be above 0 and at most 1"
            : SlowStart < TimeSpan.Zero ? $"{nameof(SlowStart)} ({SlowStart}) must not be negative"
            : !(SuspectLatencyMultiple >= 1) ? $"{nameof(SuspectLatencyMultiple)} ({SuspectLatencyMultiple}) must be at least 1"
            : !Positive(SuspectFloor) ? $"{nameof(SuspectFloor)} ({SuspectFloor}) must be positive"
            : !(RerouteBudgetRatio >= 0) ? $"{nameof(RerouteBudgetRatio)} ({RerouteBudgetRatio}) must not be negative"
            : RerouteBudgetPerSecond < 0 ? $"{nameof(RerouteBudgetPerSecond)} ({RerouteBudgetPerSecond}) must not be negative"
            : SilentTrialTimeout < TimeSpan.Zero ? $"{nameof(SilentTrialTimeout)} ({SilentTrialTimeout}) must not be negative"
            : null;
    }
}
