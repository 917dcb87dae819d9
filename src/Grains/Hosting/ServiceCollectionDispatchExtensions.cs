using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dispatch;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.DeadLetters;
using Orleans.Dispatch.Diagnostics;
using Orleans.Configuration;
using Orleans.Dispatch.Hosting;
using Orleans.Dispatch.Workers;
using Orleans.Dispatch.Internal;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.BuiltIn;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Hosting;

/// <summary>Registers Orleans.Dispatch's services; <see cref="SiloBuilderDispatchExtensions"/> forwards here.</summary>
internal static class ServiceCollectionDispatchExtensions
{
    /// <summary>
    /// Adds the grains' services, the built-in routing functions and option validation at silo
    /// start. Calling it again only applies <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, Action<DispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DispatchOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(DispatchMarker)))
        {
            return services;
        }

        services.AddSingleton<DispatchMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<DispatchMetrics>();
        services.AddSingleton<RoutingFunctionRegistry>();
        services.TryAddSingleton<IDeadLetterSink, DeadLetterKeeper>();
        services.TryAddSingleton<GroupCallsSource>();
        services.TryAddSingleton<WorkerConnections>();
        services.TryAddSingleton<LocalStreamWorkers>();
        services.AddPlacementDirector<WorkerPlacement, WorkerPlacementDirector>();

        // Innermost on every gateway connection (post-configured: after TLS, which decrypts), to see worker processes' connections close.
        services.AddSingleton<IPostConfigureOptions<SiloConnectionOptions>>(sp => new PostConfigureOptions<SiloConnectionOptions>(
            Options.DefaultName,
            o => o.ConfigureGatewayInboundConnection(connection => connection.Use(next => GatewayConnectionWatch.Wrap(next, sp.GetRequiredService<WorkerConnections>())))));
        services.TryAddSingleton(static sp => new ConversationServices(
            sp.GetRequiredService<IOptions<DispatchOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DispatchMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Dispatch.Conversation"),
            sp.GetRequiredService<ILocalSiloDetails>().SiloAddress,
            sp.GetRequiredService<IDeadLetterSink>(),
            CallsEndOnCancel: !sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.WaitForCancellationAcknowledgement));
        foreach (var registration in BuiltInRoutingFunctions.All)
        {
            services.AddSingleton(registration);
        }

        services.AddSingleton<IConfigurationValidator, DispatchOptionsValidator>();
        services.AddSingleton<DispatchStartupReport>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<DispatchStartupReport>());
        return services;
    }

    /// <summary>Registers <typeparamref name="TFunction"/> under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid, contains a colon, or is already registered.</exception>
    public static IServiceCollection AddRoutingFunction<TFunction>(this IServiceCollection services, string name)
        where TFunction : class, IRoutingFunction
    {
        ArgumentNullException.ThrowIfNull(services);
        Identifier.Validate(name, nameof(name), "routing function name");
        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The routing function name '{name}' must not contain ':' (it separates a built-in's field argument).", nameof(name));
        }

        var taken = BuiltInRoutingFunctions.All.Concat(services.Select(d => d.ImplementationInstance).OfType<RoutingFunctionRegistration>())
            .Any(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        if (taken)
        {
            throw new ArgumentException($"A routing function named '{name}' is already registered.", nameof(name));
        }

        services.AddSingleton(new RoutingFunctionRegistration(name, false, static (sp, _) => ActivatorUtilities.CreateInstance<TFunction>(sp)));
        return services;
    }

    /// <summary>Whether a grain storage provider named <see cref="DispatchDefaults.StorageProviderName"/> is registered.</summary>
    public static bool HasDispatchStorage(this IServiceCollection services) => services.Any(IsDispatchStorage);

    private static bool IsDispatchStorage(ServiceDescriptor descriptor) =>
        descriptor.IsKeyedService
        && descriptor.ServiceType == typeof(IGrainStorage)
        && Equals(descriptor.ServiceKey, DispatchDefaults.StorageProviderName);

    /// <summary>Marks the core registration as done, so that <see cref="AddDispatch"/> is idempotent.</summary>
    private sealed class DispatchMarker;
}
