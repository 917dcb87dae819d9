using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Dispatch;

/// <summary>
/// The client's news that it lost a gateway (its connection closed, or the cluster declared its
/// silo dead and the client dropped it), through Orleans' <see cref="IClusterConnectionStatusObserver"/>:
/// a worker renews at once, so one whose worker grain was lost with that silo attaches again
/// through another instead of at its next renewal.
/// </summary>
internal sealed class GatewayLoss : IClusterConnectionStatusObserver
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next loss of a gateway.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Registers the one instance the client's observers and the workers share (once, however often called).</summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GatewayLoss)))
        {
            return;
        }

        services.AddSingleton<GatewayLoss>();
        services.AddSingleton<IClusterConnectionStatusObserver>(static sp => sp.GetRequiredService<GatewayLoss>());
    }

    public void NotifyClusterConnectionLost() => Fire();

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Fire();
        }
    }

    private void Fire() => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
