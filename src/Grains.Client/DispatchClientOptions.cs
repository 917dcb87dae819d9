namespace Orleans.Dispatch;

/// <summary>How <see cref="IDispatchClient"/> retries a dispatch whose call failed in transport.</summary>
public sealed class DispatchClientOptions
{
    /// <summary>The default of <see cref="Deadline"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    /// <summary>The default of <see cref="CallTimeout"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="FirstRetryDelay"/>: 100 milliseconds.</summary>
    public static readonly TimeSpan DefaultFirstRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The default of <see cref="LongestRetryDelay"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultLongestRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>The default of <see cref="GatewayListRefreshPeriod"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultGatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets how long one dispatch may take, retries included. Keep it shorter than the
    /// silos' <c>DispatchOptions.IdempotencyWindow</c>, so that a late repeat still finds the
    /// record of the first dispatch.
    /// </summary>
    /// <value>60 seconds by default. Positive.</value>
    public TimeSpan Deadline { get; set; } = DefaultDeadline;

    /// <summary>
    /// Gets or sets how long the client waits for one call before sending it again. A call in
    /// flight through a gateway that died never answers; the repeat reaches another gateway and
    /// joins the dispatch if it is still running. The abandoned call is not cancelled.
    /// </summary>
    /// <value>10 seconds by default. Positive.</value>
    public TimeSpan CallTimeout { get; set; } = DefaultCallTimeout;

    /// <summary>Gets or sets the wait before the first retry; each later wait doubles, up to <see cref="LongestRetryDelay"/>, with jitter.</summary>
    /// <value>100 milliseconds by default. Zero or positive.</value>
    public TimeSpan FirstRetryDelay { get; set; } = DefaultFirstRetryDelay;

    /// <summary>Gets or sets the longest wait between two retries.</summary>
    /// <value>2 seconds by default. At least <see cref="FirstRetryDelay"/>.</value>
    public TimeSpan LongestRetryDelay { get; set; } = DefaultLongestRetryDelay;

    /// <summary>
    /// Gets or sets whether a dispatch that fails with <see cref="GroupOverloadedException"/> (the
    /// group's waiting line is full) is sent again after a backoff, until <see cref="Deadline"/>.
    /// </summary>
    /// <value>True by default.</value>
    public bool RetryWhenOverloaded { get; set; } = true;

    /// <summary>
    /// Gets or sets the limits a message is checked against before it is sent: an oversized one
    /// fails with <see cref="ArgumentException"/> in the caller, since Orleans closes a connection
    /// that carries a message over its own size limit. Keep it equal to the silos'
    /// <c>DispatchOptions.MessageLimits</c>, which they check again.
    /// </summary>
    /// <value>64 fields, field names of 256 characters, 1 MiB of payload by default (<see cref="MessageLimits.Default"/>).</value>
    public MessageLimits MessageLimits { get; set; } = new();

    /// <summary>
    /// Gets or sets how often the Orleans client re-reads its list of live gateways (Orleans'
    /// <c>GatewayOptions.GatewayListRefreshPeriod</c>, 1 minute by default), which
    /// <c>AddDispatchClient</c> sets to this value. A gateway whose silo froze or was cut off keeps
    /// its connection open: the client stops sending to it, and closes the connection, only once
    /// the cluster declared it dead and the list was re-read. Null leaves Orleans' setting as
    /// configured. Only <c>AddDispatchClient</c> applies it.
    /// </summary>
    /// <value>2 seconds by default. Positive, or null.</value>
    public TimeSpan? GatewayListRefreshPeriod { get; set; } = DefaultGatewayListRefreshPeriod;

    /// <summary>Throws when the options are inconsistent, naming the option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="MessageLimits"/> is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Deadline, TimeSpan.Zero, nameof(Deadline));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CallTimeout, TimeSpan.Zero, nameof(CallTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(LongestRetryDelay, FirstRetryDelay, nameof(LongestRetryDelay));
        if (GatewayListRefreshPeriod is { } refresh)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refresh, TimeSpan.Zero, nameof(GatewayListRefreshPeriod));
        }

        ArgumentNullException.ThrowIfNull(MessageLimits, nameof(MessageLimits));
        MessageLimits.Validate();
    }
}
