namespace Orleans.Dispatch.Demo;

/// <summary>How a demo consumer behaves.</summary>
/// <param name="FailureRate">The chance, from 0 to 1, that a message fails with an exception (a crash, rerouted).</param>
/// <param name="Delay">How long each message takes; past the attempt timeout it is a crash too.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Demo.DemoBehavior")]
public sealed record DemoBehavior([property: Id(0)] double FailureRate, [property: Id(1)] TimeSpan Delay)
{
    /// <summary>The longest <see cref="Delay"/> accepted: 5 minutes.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>Processes every message at once: the behaviour of a new demo consumer.</summary>
    public static DemoBehavior Healthy { get; } = new(0, TimeSpan.Zero);
}
