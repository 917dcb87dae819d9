using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Dispatch;

/// <summary>The hosted service <c>AddDispatchWorker</c> registers: the worker runs while the host runs, and drains when it stops.</summary>
internal sealed partial class DispatchWorkerService<THandler>(
    IServiceProvider services, IClusterClient client, string group, DispatchWorkerOptions options, TimeProvider time, ILogger<DispatchWorkerService<THandler>> logger) : BackgroundService
    where THandler : class, IDispatchHandler
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shutdown = services.GetService<IOptions<HostOptions>>()?.Value.ShutdownTimeout;
        if (shutdown is { } limit && options.DrainTimeout >= limit)
        {
            LogDrainOutlastsShutdown(logger, options.ConsumerId, group, options.DrainTimeout, limit);
        }

        var handler = ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services);
        return DispatchWorker.RunAsync(client, group, handler.HandleAsync, options, time, logger, stoppingToken);
    }

    [LoggerMessage(7, LogLevel.Warning, "Worker {Consumer} of group {Group}: its DrainTimeout ({DrainTimeout}) is not shorter than the host's ShutdownTimeout ({ShutdownTimeout}); the host may stop it before the messages in hand end (they are then rerouted). Lower DrainTimeout or raise HostOptions.ShutdownTimeout")]
    private static partial void LogDrainOutlastsShutdown(ILogger logger, string consumer, string group, TimeSpan drainTimeout, TimeSpan shutdownTimeout);
}
