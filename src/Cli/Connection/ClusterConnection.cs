using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.Dispatch.Cli.Connection;

/// <summary>A started Orleans client for one command, configured from <see cref="GlobalOptions"/>.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost host;

    private ClusterConnection(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IDispatchClient Dispatcher => host.Services.GetRequiredService<IDispatchClient>();

    public static async Task<ClusterConnection> OpenAsync(ParseResult parse, Action<DispatchClientOptions>? retries, CancellationToken cancellationToken)
    {
        var provider = parse.GetValue(GlobalOptions.Cluster)!.Trim().ToLowerInvariant();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            var clusterId = parse.GetValue(GlobalOptions.ClusterId)!;
            var serviceId = parse.GetValue(GlobalOptions.ServiceId)!;
            switch (provider)
            {
                case "localhost":
                    client.UseLocalhostClustering(parse.GetValue(GlobalOptions.GatewayPort), serviceId, clusterId);
                    break;
                case "redis":
                    var text = parse.GetValue(GlobalOptions.Redis) ?? throw new CliException("--cluster redis needs --redis (or env Redis__ConnectionString).");
                    var options = ConfigurationOptions.Parse(text);
                    if (Environment.GetEnvironmentVariable("Redis__Password") is { Length: > 0 } password)
                    {
                        options.Password = password;
                    }

                    client.UseRedisClustering(o => o.ConfigurationOptions = options);
                    client.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = clusterId;
                        o.ServiceId = serviceId;
                    });
                    break;
                default:
                    throw new CliException($"--cluster: '{provider}' is not localhost or redis.");
            }

            client.AddDispatchClient(retries);
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliException($"Could not connect to the cluster ({provider}): {exception.Message}");
        }

        return new ClusterConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await host.StopAsync(stopping.Token);
        host.Dispose();
    }
}
