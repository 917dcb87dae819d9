using Orleans.Dispatch;

/// <summary>Handles one message of the group: returning acknowledges it, throwing is a crash (the message is rerouted).</summary>
public sealed class ShipOrderHandler : IDispatchHandler
{
    private int handled;

    /// <summary>How many messages this worker acknowledged.</summary>
    public int Handled => Volatile.Read(ref handled);

    public async Task HandleAsync(RoutingMessage message, CancellationToken cancellationToken)
    {
        message.TryGetText("customer", out var customer);
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken); // the work
        Interlocked.Increment(ref handled);
    }
}
