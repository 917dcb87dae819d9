using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dispatch;

namespace Orleans.Hosting;

/// <summary>Registers <see cref="IDispatchClient"/> on an Orleans client.</summary>
public static class ClientBuilderDispatchExtensions
{
    /// <summary>
    /// Registers <see cref="IDispatchClient"/>, which dispatches with retries on transport
    /// failures. Options bind from <paramref name="configure"/>; they are checked on first use.
    /// It also sets the client's <see cref="GatewayOptions.GatewayListRefreshPeriod"/> to
    /// <see cref="DispatchClientOptions.GatewayListRefreshPeriod"/> (unless that is null), so that
    /// a gateway the cluster declared dead is left within seconds rather than a minute.
    /// </summary>
    public static IClientBuilder AddDispatchClient(this IClientBuilder builder, Action<DispatchClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<DispatchClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        });
        builder.Services.AddSingleton<IPostConfigureOptions<GatewayOptions>, GatewayRefreshFromDispatchOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDispatchClient, DispatchClient>();
        GatewayLoss.Register(builder.Services);
        return builder;
    }
}
