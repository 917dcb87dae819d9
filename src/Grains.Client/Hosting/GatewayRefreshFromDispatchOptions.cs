using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dispatch;

namespace Orleans.Hosting;

/// <summary>Applies <see cref="DispatchClientOptions.GatewayListRefreshPeriod"/> to Orleans' <see cref="GatewayOptions"/>.</summary>
internal sealed class GatewayRefreshFromDispatchOptions(IOptions<DispatchClientOptions> dispatch) : IPostConfigureOptions<GatewayOptions>
{
    public void PostConfigure(string? name, GatewayOptions options)
    {
        if (dispatch.Value.GatewayListRefreshPeriod is { } refresh && refresh > TimeSpan.Zero)
        {
            options.GatewayListRefreshPeriod = refresh;
        }
    }
}
