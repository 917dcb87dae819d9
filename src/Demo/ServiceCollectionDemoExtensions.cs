using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dispatch.Demo;

namespace Orleans.Hosting;

/// <summary>Registers what the demo consumer needs on a silo.</summary>
public static class ServiceCollectionDemoExtensions
{
    /// <summary>
    /// Registers the demo consumer's receipt sink: <see cref="NoReceiptSink"/> unless an
    /// <see cref="IDemoReceiptSink"/> is registered already (the silo host's Redis sink).
    /// </summary>
    public static IServiceCollection AddDemoConsumer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDemoReceiptSink, NoReceiptSink>();
        return services;
    }
}
