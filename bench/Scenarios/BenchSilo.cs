using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dispatch.Bench.Scenarios.Echo;
using Orleans.Hosting;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>A silo in the bench process: localhost clustering, in-memory storage, dispatch with its defaults, no dashboard; the worker protocol on <see cref="BaseWorkersPort"/> plus its index.</summary>
internal sealed class BenchSilo(IHost host, int gatewayPort) : IAsyncDisposable
{
    public const int BasePort = 21111;
    public const int BaseGatewayPort = 40000;

    /// <summary>Where silo <c>index</c> serves the worker protocol (HTTP/2, loopback): this plus the index.</summary>
    public const int BaseWorkersPort = 41000;

    public int GatewayPort { get; } = gatewayPort;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => host.Services;

    public static async Task<BenchSilo> StartAsync(int index)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(BaseWorkersPort + index, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddDispatchWorkerProtocol();
        builder.Services.AddSingleton<EchoPeers>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The consumer-health scenario fails thousands of dispatches on purpose (every consumer
        // failing): one warning each would bury the figures. Ejections still show.
        builder.Logging.AddFilter("Orleans.Dispatch.Conversation", LogLevel.Error);
        var siloPort = BasePort + index;
        var gatewayPort = BaseGatewayPort + index;
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, BasePort), "bench", "bench")
            .AddDispatch());
        var host = builder.Build();
        host.MapDispatchWorkerProtocol();
        host.MapGrpcService<EchoFloorService>();
        await host.StartAsync();
        return new BenchSilo(host, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
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
