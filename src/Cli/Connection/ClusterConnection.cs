using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dispatch.Settings;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.Dispatch.Cli.Connection;

/// <summary>A started Orleans client for one command, configured from <see cref="GlobalOptions"/>.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long closing the connection may take before the client is disposed regardless.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost host;

    private ClusterConnection(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IDispatchClient Dispatcher => host.Services.GetRequiredService<IDispatchClient>();

    public static async Task<ClusterConnection> OpenAsync(ParseResult parse, Action<DispatchClientOptions>? retries, CancellationToken cancellationToken)
    {
        var provider = parse.GetValue(GlobalOptions.Cluster)!.Trim().ToLowerInvariant();
        var tls = ReadTls();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        // A failed start is reported once, as a one-line error, not as the host's stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
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

            if (tls.Enabled)
            {
                client.UseTls(o => tls.Apply(o, silo: false));
            }

            client.AddDispatchClient(retries);
        });

        var seconds = parse.GetValue(GlobalOptions.ConnectTimeout);
        if (seconds <= 0)
        {
            throw new CliException($"--connect-timeout: {seconds} is not a positive number of seconds.");
        }

        var host = builder.Build();
        // Orleans' client retries a gateway that refuses it (a failed TLS handshake, no silo yet) for as long as it is let.
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            await host.StartAsync(connecting.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new CliException($"Could not connect to the cluster ({provider}, TLS {(tls.Enabled ? "on" : "off")}) within {seconds} s: no gateway accepted the connection.{TlsHint(tls)}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliException($"Could not connect to the cluster ({provider}, TLS {(tls.Enabled ? "on" : "off")}): {exception.Message}{TlsHint(tls)}");
        }

        return new ClusterConnection(host);
    }

    /// <summary>TLS, from the same keys the silo reads (<c>Tls__Enabled</c> and so on, in the environment).</summary>
    private static TlsSettings ReadTls()
    {
        var problems = new List<string>();
        var tls = TlsSettings.Read(key => Environment.GetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal)), problems, certificateRequired: false);
        return problems.Count == 0 ? tls : throw new CliException($"TLS settings (environment, Tls__*): {string.Join(" ", problems)}");
    }

    /// <summary>
    /// A refused TLS handshake reaches the client as a closed connection; say what most often causes it.
    /// </summary>
    private static string TlsHint(TlsSettings tls) => tls.Enabled
        ? tls.CertificatePath is null && tls.CertificateSubject is null
            ? " The cluster may require a client certificate (mutual TLS): set Tls__CertificatePath (and Tls__KeyPath) to one its authority signed."
            : " Check that the cluster's authority signed this client's certificate (Tls__CertificatePath) and that Tls__CaCertificatePath is the authority that signed the silos'."
        : " If the cluster uses TLS, set Tls__Enabled=true and this client's certificate (see the README's Security section).";

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(CloseTimeout);
        try
        {
            await host.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The command is done; a close that outlasts its time does not change the outcome.
        }
        finally
        {
            host.Dispose();
        }
    }
}
