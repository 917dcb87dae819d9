using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch.Internal;

namespace Orleans.Dispatch;

/// <summary>The registered <see cref="IDispatchClient"/>.</summary>
internal sealed class DispatchClient(IClusterClient grains, IOptions<DispatchClientOptions> options, TimeProvider time, GatewayLoss gatewayLoss, ILogger<DispatchClient> logger) : IDispatchClient
{
    private readonly GrainReferenceCache<IDispatchGrain> dispatchers = new(grains);

    public Task<DispatchOutcome> DispatchAsync(string group, RoutingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(message);
        var dispatcher = dispatchers.Get(group);
        return RetryingDispatch.RunAsync(token => dispatcher.Dispatch(message, token), group, message, options.Value, time, logger, cancellationToken, gatewayLost: () => gatewayLoss.Next);
    }

    public Task ConsumeAsync(string group, Func<RoutingMessage, CancellationToken, Task> handler, DispatchWorkerOptions? options = null, CancellationToken cancellationToken = default) =>
        DispatchWorker.RunAsync(grains, group, handler, options ?? new DispatchWorkerOptions(), time, logger, cancellationToken);
}
