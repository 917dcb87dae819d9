using System.Globalization;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>How a worker process joins its group (<c>AddDispatchWorker</c>, <see cref="IDispatchClient.ConsumeAsync"/>).</summary>
public sealed class DispatchWorkerOptions
{
    /// <summary>The default of <see cref="MaxInFlight"/>: 16.</summary>
    public static readonly int DefaultMaxInFlight = 16;

    /// <summary>The default of <see cref="Lease"/>: 10 seconds.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="DrainTimeout"/>: 25 seconds, within .NET's default host shutdown timeout (30 s).</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Gets or sets the worker's consumer id in the group. A process started again with the same id
    /// replaces the old one's registration, and starts with nothing in flight.
    /// </summary>
    /// <value>The machine's name and the process id (<c>host-1234</c>) by default.</value>
    public string ConsumerId { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Gets or sets how many messages the worker takes at once; routing functions see it as the consumer's <c>MaxInFlight</c>.</summary>
    /// <value>16 by default. From 1 to 1,000,000.</value>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;

    /// <summary>Gets or sets the worker's affinity tags, for routing functions (<c>affinity:&lt;field&gt;</c>).</summary>
    /// <value>None by default.</value>
    public IReadOnlyList<string> AffinityTags { get; set; } = [];

    /// <summary>
    /// Gets or sets how long the worker's registration lasts without a renewal: a worker that
    /// vanishes without its connection closing (its network cut) is removed once it ends. The worker
    /// renews it every quarter of it. A worker whose connection closes (it died) is removed at once.
    /// </summary>
    /// <value>10 seconds by default. From 1 second.</value>
    public TimeSpan Lease { get; set; } = DefaultLease;

    /// <summary>
    /// Gets or sets how long a graceful stop may take: leaving the group and waiting for the
    /// messages already granted to the worker to end. Keep it below the host's
    /// <c>HostOptions.ShutdownTimeout</c> (30 s by default), or the host stops the worker before it
    /// has drained; a worker started by <c>AddDispatchWorker</c> warns at start when it is not.
    /// </summary>
    /// <value>25 seconds by default. Positive.</value>
    public TimeSpan DrainTimeout { get; set; } = DefaultDrainTimeout;

    /// <summary>Throws when an option is invalid, naming it.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (Identifier.Check(ConsumerId) is { } problem)
        {
            throw new ArgumentException($"{nameof(ConsumerId)} '{ConsumerId}' {problem}.", nameof(ConsumerId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, ConsumerRegistration.MaxInFlightLimit, nameof(MaxInFlight));
        ArgumentNullException.ThrowIfNull(AffinityTags, nameof(AffinityTags));
        foreach (var tag in AffinityTags)
        {
            if (Identifier.Check(tag) is { } bad)
            {
                throw new ArgumentException($"{nameof(AffinityTags)}: tag '{tag}' {bad}.", nameof(AffinityTags));
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, TimeSpan.FromSeconds(1), nameof(Lease));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DrainTimeout, TimeSpan.Zero, nameof(DrainTimeout));
    }
}
