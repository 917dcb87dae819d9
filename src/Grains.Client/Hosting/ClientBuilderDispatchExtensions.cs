using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dispatch;

namespace Orleans.Hosting;

/// <summary>Registers <see cref="IDispatchClient"/> on an Orleans client.</summary>
public static class ClientBuilderDispatchExtensions
{
    /// <summary>
    /// Registers <see cref="IDispatchClient"/>, which dispatches with retries on transport
    /// failures. Options bind from <paramref name="configure"/>; they are checked on first use.
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
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDispatchClient, DispatchClient>();
        return builder;
    }
}
