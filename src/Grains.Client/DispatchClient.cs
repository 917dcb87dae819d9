using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Dispatch;

/// <summary>The registered <see cref="IDispatchClient"/>.</summary>
internal sealed class DispatchClient(IGrainFactory grains, IOptions<DispatchClientOptions> options, TimeProvider time, ILogger<DispatchClient> logger) : IDispatchClient
{
    public Task<DispatchOutcome> DispatchAsync(string group, RoutingMessage message, CancellationToken cancellationToken = default) =>
        RetryingDispatch.RunAsync(grains, group, message, options.Value, time, logger, cancellationToken);
}
