using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Dispatch.Tests.Client;

/// <summary>
/// <c>AddDispatchClient</c> makes the Orleans client re-read its gateway list every 2 s, so that a
/// gateway whose silo froze (its connection open, nothing answering) is left once the cluster
/// declared it dead, not a minute later.
/// </summary>
[Trait("Category", "Unit")]
public sealed class GatewayRefreshTests
{
    [Fact]
    public void The_gateway_list_is_re_read_every_two_seconds_by_default()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), GatewayOptionsOf(client => client.AddDispatchClient()).GatewayListRefreshPeriod);
    }

    [Fact]
    public void The_period_follows_the_dispatch_client_options_whenever_they_are_configured()
    {
        var period = GatewayOptionsOf(client => client
            .AddDispatchClient(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(7))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMinutes(3))).GatewayListRefreshPeriod;

        Assert.Equal(TimeSpan.FromSeconds(7), period);
    }

    [Fact]
    public void Null_leaves_orleans_setting_as_configured()
    {
        var period = GatewayOptionsOf(client => client
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(30))
            .AddDispatchClient(o => o.GatewayListRefreshPeriod = null)).GatewayListRefreshPeriod;

        Assert.Equal(TimeSpan.FromSeconds(30), period);
    }

    [Fact]
    public void A_period_that_is_not_positive_is_refused_naming_the_option()
    {
        var options = new DispatchClientOptions { GatewayListRefreshPeriod = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(DispatchClientOptions.GatewayListRefreshPeriod), error.ParamName);
    }

    private static GatewayOptions GatewayOptionsOf(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => configure(client.UseLocalhostClustering()));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }
}
