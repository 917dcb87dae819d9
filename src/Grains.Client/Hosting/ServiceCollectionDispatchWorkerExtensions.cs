using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dispatch;

namespace Orleans.Hosting;

/// <summary>Runs a worker process's handler as a consumer of a group, for as long as the host runs.</summary>
public static class ServiceCollectionDispatchWorkerExtensions
{
    /// <summary>
    /// Adds a hosted service that joins <paramref name="group"/> as a consumer and hands each message
    /// routed to it to <typeparamref name="THandler"/> (built from the container). The host must also
    /// run an Orleans client (<c>UseOrleansClient</c>); the worker connects through its gateways, TLS
    /// included. Stopping the host drains the worker: no new messages, and those in hand end first.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="group"/> or an option is invalid.</exception>
    public static IServiceCollection AddDispatchWorker<THandler>(this IServiceCollection services, string group, Action<DispatchWorkerOptions>? configure = null)
        where THandler : class, IDispatchHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var options = new DispatchWorkerOptions();
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        GatewayLoss.Register(services);
        services.AddHostedService(sp => new DispatchWorkerService<THandler>(
            sp, sp.GetRequiredService<IClusterClient>(), group, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DispatchWorkerService<THandler>>>()));
        return services;
    }
}
