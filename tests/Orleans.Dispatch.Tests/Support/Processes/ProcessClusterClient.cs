using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using StackExchange.Redis;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>An Orleans client in the test process, connected to real silo processes through Redis membership.</summary>
public sealed class ProcessClusterClient : IAsyncDisposable
{
    private readonly IHost host;

    private ProcessClusterClient(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IDispatchClient Dispatcher => host.Services.GetRequiredService<IDispatchClient>();

    /// <summary>
    /// Connects through the gateways Redis membership lists, or only through
    /// <paramref name="gateways"/> (loopback gateway ports) when given.
    /// </summary>
    public static async Task<ProcessClusterClient> ConnectAsync(
        RedisServer redis, IReadOnlyDictionary<string, string> siloEnvironment, Action<DispatchClientOptions>? retries = null, IReadOnlyList<int>? gateways = null)
    {
        var builder = Host.CreateApplicationBuilder();
        // A killed silo makes the client log every refused reconnection: only errors are worth reading.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            if (gateways is null)
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString));
            }
            else
            {
                client.UseStaticClustering([.. gateways.Select(port => new IPEndPoint(IPAddress.Loopback, port))]);
            }

            if (siloEnvironment.TryGetValue("Tls__Enabled", out var tls) && bool.Parse(tls))
            {
                // Configured here as an application's own client would be, independently of the CLI's settings.
                var certificates = DevCertificates.Shared;
                client.UseTls(certificates.LoadClientCertificate(), o => o.RemoteCertificateValidation = (certificate, _, _) => certificates.IssuedByThisAuthority(certificate));
            }

            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = siloEnvironment["Cluster__ClusterId"];
                o.ServiceId = siloEnvironment["Cluster__ServiceId"];
            })
            .AddDispatchClient(retries);
        });
        return await StartAsync(builder);
    }

    /// <summary>Connects to one silo in <c>Localhost</c> clustering mode (the silo host's embedded default, cluster and service id <c>dispatch</c>) through its gateway port.</summary>
    public static async Task<ProcessClusterClient> ConnectToLocalhostAsync(int gatewayPort, Action<DispatchClientOptions>? retries = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "dispatch", clusterId: "dispatch").AddDispatchClient(retries));
        return await StartAsync(builder);
    }

    private static async Task<ProcessClusterClient> StartAsync(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        using var connecting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(connecting.Token);
        return new ProcessClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await host.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        host.Dispose();
    }
}
