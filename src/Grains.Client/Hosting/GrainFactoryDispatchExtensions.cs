using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch;

namespace Orleans;

/// <summary>Retrying dispatch on any <see cref="IGrainFactory"/> (an <see cref="IClusterClient"/>, or a grain's factory).</summary>
public static class GrainFactoryDispatchExtensions
{
    /// <summary>
    /// Dispatches <paramref name="message"/> through <paramref name="group"/>, sending it again with
    /// the same id after a transport failure, as <see cref="IDispatchClient.DispatchAsync"/> does.
    /// </summary>
    /// <param name="grains">The client or grain factory.</param>
    /// <param name="group">The consumer group.</param>
    /// <param name="message">The message.</param>
    /// <param name="options">Retry options; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <inheritdoc cref="IDispatchClient.DispatchAsync" path="/exception"/>
    public static Task<DispatchOutcome> DispatchWithRetriesAsync(
        this IGrainFactory grains, string group, RoutingMessage message, DispatchClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        ArgumentNullException.ThrowIfNull(message);
        var dispatcher = grains.GetGrain<IDispatchGrain>(group);
        return RetryingDispatch.RunAsync(token => dispatcher.Dispatch(message, token), group, message, options ?? new DispatchClientOptions(), TimeProvider.System, NullLogger.Instance, cancellationToken);
    }
}
