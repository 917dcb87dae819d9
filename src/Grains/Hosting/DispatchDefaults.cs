namespace Orleans.Dispatch;

/// <summary>The defaults of <see cref="DispatchOptions"/> and the names the library registers.</summary>
public static class DispatchDefaults
{
    /// <summary>
    /// The name of the grain storage provider that holds group registrations: <c>dispatch</c>.
    /// <c>AddDispatch</c> registers in-memory storage under this name unless a provider with this
    /// name is registered; register a durable one (Redis, ADO.NET, ...) under it to keep
    /// registrations across cluster restarts.
    /// </summary>
    public const string StorageProviderName = "dispatch";

    /// <summary>The routing function a new group starts with: <c>round-robin</c>.</summary>
    public const string RoutingFunction = "round-robin";

    /// <summary>The default of <see cref="DispatchOptions.MaxAttempts"/>: 10.</summary>
    public static readonly int MaxAttempts = 10;

    /// <summary>The largest <see cref="DispatchOptions.MaxAttempts"/> accepted: 1,000.</summary>
    public static readonly int MaxAttemptsLimit = 1_000;

    /// <summary>The default of <see cref="DispatchOptions.AttemptTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="DispatchOptions.RoutingTimeout"/>: 2 seconds.</summary>
    public static readonly TimeSpan RoutingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default of <see cref="DispatchOptions.DispatchTimeout"/>: 25 seconds (inside Orleans' default 30-second response timeout).</summary>
    public static readonly TimeSpan DispatchTimeout = TimeSpan.FromSeconds(25);

    /// <summary>The default of <see cref="DispatchOptions.InFlightLeaseGrace"/>: 5 seconds.</summary>
    public static readonly TimeSpan InFlightLeaseGrace = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="DispatchOptions.DeadLetterCapacity"/>: 1,000 messages per group.</summary>
    public static readonly int DeadLetterCapacity = 1_000;

    /// <summary>The default of <see cref="DispatchOptions.DeadLetterMaxBytes"/>: 16 MiB per group.</summary>
    public static readonly long DeadLetterMaxBytes = 16L * 1024 * 1024;

    /// <summary>The largest <see cref="DispatchOptions.DeadLetterCapacity"/> accepted: 1,000,000.</summary>
    public static readonly int DeadLetterCapacityLimit = 1_000_000;

    /// <summary>The largest <see cref="DispatchOptions.QuarantineAfterOverruns"/> accepted: 1,000.</summary>
    public static readonly int QuarantineAfterOverrunsLimit = 1_000;

    /// <summary>The default of <see cref="DispatchOptions.QuarantineAfterOverruns"/>: 3.</summary>
    public static readonly int QuarantineAfterOverruns = 3;

    /// <summary>The default of <see cref="DispatchOptions.QuarantineWindow"/>: 1 minute.</summary>
    public static readonly TimeSpan QuarantineWindow = TimeSpan.FromMinutes(1);

    /// <summary>The default of <see cref="DispatchOptions.QuarantineDuration"/>: 1 minute.</summary>
    public static readonly TimeSpan QuarantineDuration = TimeSpan.FromMinutes(1);

    /// <summary>The default of <see cref="DispatchOptions.GroupCallTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan GroupCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default of <see cref="DispatchOptions.IdempotencyWindow"/>: 2 minutes.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromMinutes(2);

    /// <summary>The default of <see cref="DispatchOptions.IdempotencyMemoryLimit"/>: 384 MiB per group, about 7.2 million records.</summary>
    public static readonly long IdempotencyMemoryLimit = 384L << 20;

    /// <summary>The default of <see cref="DispatchOptions.MaxWaitingPerGroup"/>: 10,000 dispatches.</summary>
    public static readonly int MaxWaitingPerGroup = 10_000;

    /// <summary>The largest <see cref="DispatchOptions.MaxWaitingPerGroup"/> accepted: 1,000,000.</summary>
    public static readonly int MaxWaitingPerGroupLimit = 1_000_000;

    /// <summary>The largest <see cref="DispatchOptions.IdempotencyMemoryLimit"/> accepted: 8 GiB.</summary>
    public static readonly long IdempotencyMemoryLimitMax = 8L << 30;

    /// <summary>
    /// How much shorter than the silo's response timeout the dispatch timeout must be: 1 second,
    /// so that a dispatch that runs out of time still answers before the call to it times out.
    /// </summary>
    public static readonly TimeSpan ResponseTimeoutMargin = TimeSpan.FromSeconds(1);
}
