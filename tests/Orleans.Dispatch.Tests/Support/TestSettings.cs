namespace Orleans.Dispatch.Tests.Support;

/// <summary>The short limits every test cluster runs with, so failures surface in seconds.</summary>
internal static class TestSettings
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RoutingTimeout = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DispatchTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LeaseGrace = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan GroupCallTimeout = TimeSpan.FromSeconds(2);
    public const int DeadLetterCapacity = 200;
    public const long DeadLetterMaxBytes = 256 * 1024;
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(8);
    public const int MaxAttempts = 3;

    /// <summary>How long a test waits for something that should happen at once before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static void Apply(DispatchOptions options)
    {
        options.AttemptTimeout = AttemptTimeout;
        options.RoutingTimeout = RoutingTimeout;
        options.DispatchTimeout = DispatchTimeout;
        options.InFlightLeaseGrace = LeaseGrace;
        options.MaxAttempts = MaxAttempts;
        options.GroupCallTimeout = GroupCallTimeout;
        options.DeadLetterCapacity = DeadLetterCapacity;
        options.DeadLetterMaxBytes = DeadLetterMaxBytes;
    }
}
