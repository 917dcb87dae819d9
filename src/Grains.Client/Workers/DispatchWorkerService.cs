using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Dispatch;

/// <summary>The hosted service <c>AddDispatchWorker</c> registers: the worker runs while the host runs, and drains when it stops.</summary>
internal sealed class DispatchWorkerService<THandler>(
    IServiceProvider services, IClusterClient client, string group, DispatchWorkerOptions options, TimeProvider time, ILogger<DispatchWorkerService<THandler>> logger) : BackgroundService
    where THandler : class, IDispatchHandler
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handler = ActivatorUtilities.GetServiceOrCreateInstance<THandler>(services);
        return DispatchWorker.RunAsync(client, group, handler.HandleAsync, options, time, logger, stoppingToken);
    }
}
