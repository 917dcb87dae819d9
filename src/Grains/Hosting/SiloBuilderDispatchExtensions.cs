using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dispatch;
using Orleans.Dispatch.Hosting;

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
    /// in-memory storage for group registrations (with a warning at start: register a grain storage
    /// named <see cref="DispatchDefaults.StorageProviderName"/> before this call to keep them). Options
    /// are validated when the silo starts. Call <see cref="UseDispatchFailureDetection"/> beside it: on
    /// Orleans' default failure detection a frozen or cut-off silo stays a member for about a minute,
    /// and the silo logs a warning at start naming the bound it gets.
    /// </summary>
    public static ISiloBuilder AddDispatch(this ISiloBuilder builder, Action<DispatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDispatch(configure);
        if (!builder.Services.HasDispatchStorage())
        {
            builder.AddMemoryGrainStorage(DispatchDefaults.StorageProviderName);
            builder.Services.AddSingleton<InMemoryFallback>();
        }

        return builder;
    }

    /// <summary>
    /// Tunes Orleans' cluster membership so that a silo that is dead, frozen or cut off from its
    /// peers is declared dead within <see cref="DispatchFailureDetectionOptions.Bound"/> (10 s with
    /// the defaults, about 5 s typically), instead of about a minute with Orleans' defaults. Every
    /// group a lost silo hosted, and every dispatch waiting on it, waits that long. The silo logs
    /// the bound in force at start.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Changes to the defaults, if any.</param>
    /// <returns>The silo builder.</returns>
    /// <exception cref="ArgumentException">A setting is out of range or inconsistent with another; the message names each.</exception>
    public static ISiloBuilder UseDispatchFailureDetection(this ISiloBuilder builder, Action<DispatchFailureDetectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new DispatchFailureDetectionOptions();
        configure?.Invoke(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid failure detection settings: {string.Join(" ", problems)}", nameof(configure));
        }

        var applied = settings.Copy();
        builder.Services.AddSingleton(new AppliedFailureDetection(applied));
        builder.Configure<ClusterMembershipOptions>(applied.ApplyTo);
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
