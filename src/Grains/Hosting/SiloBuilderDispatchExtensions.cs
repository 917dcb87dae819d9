using Orleans.Dispatch;

namespace Orleans.Hosting;

/// <summary>Adds Orleans.Dispatch to a silo.</summary>
public static class SiloBuilderDispatchExtensions
{
    /// <summary>
    /// Adds conversation-mediated dispatch to the silo: <see cref="IDispatchGrain"/>,
    /// <see cref="IConsumerGroupGrain"/>, the built-in routing functions (<c>first-available</c>,
    /// <c>round-robin</c>, <c>least-loaded</c>, <c>by-field:&lt;field&gt;</c>,
    /// <c>affinity:&lt;field&gt;</c>, <c>consistent-hash:&lt;field&gt;</c>) and, unless a grain
    /// storage provider named <see cref="DispatchDefaults.StorageProviderName"/> is registered,
    /// in-memory storage for group registrations. Options are validated when the silo starts.
    /// </summary>
    public static ISiloBuilder AddDispatch(this ISiloBuilder builder, Action<DispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDispatch(configure);
        if (!builder.Services.HasDispatchStorage())
        {
            builder.AddMemoryGrainStorage(DispatchDefaults.StorageProviderName);
        }

        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TFunction"/> under <paramref name="name"/>, so that
    /// <see cref="IConsumerGroupGrain.SetRoutingFunction"/> can select it. An instance is built
    /// through dependency injection for each group activation that uses it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid, contains a colon, or is already registered.</exception>
    public static ISiloBuilder AddRoutingFunction<TFunction>(this ISiloBuilder builder, string name)
        where TFunction : class, IRoutingFunction
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRoutingFunction<TFunction>(name);
        return builder;
    }
}
