using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dashboard;
using Orleans.Dispatch.Demo;
using Orleans.Dispatch.Silo.Configuration;
using Orleans.Dispatch.Silo.Demo;
using Orleans.Hosting;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>Builds the silo the settings describe: clustering, storage, dispatch, the demo consumer's sink and the dashboard.</summary>
internal static class SiloSetup
{
    public static void Configure(ISiloBuilder silo, SiloSettings settings, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = settings.GatewayPort;
            if (settings.AdvertisedAddress is { } advertised)
            {
                o.AdvertisedIPAddress = advertised;
            }

            if (settings.ListenOnAnyAddress)
            {
                o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, settings.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, settings.GatewayPort);
            }
        });

        // The same call a user's own silo makes (Cluster:* only changes its settings).
        var detection = settings.FailureDetection;
        silo.UseDispatchFailureDetection(o =>
        {
            o.ProbeTimeout = detection.ProbeTimeout;
            o.MaxProbeTimeout = detection.MaxProbeTimeout;
            o.MissedProbesLimit = detection.MissedProbesLimit;
            o.VotesForDeath = detection.VotesForDeath;
            o.DeathVoteExpiration = detection.DeathVoteExpiration;
            o.TableRefreshTimeout = detection.TableRefreshTimeout;
            o.ConnectionLivenessCheck = detection.ConnectionLivenessCheck;
        });

        if (settings.Clustering == ClusterProvider.Localhost)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = settings.Redis!.Clone());
        }

        // Registered before AddDispatch, which adds in-memory storage only when none is registered.
        if (settings.Storage == StorageProvider.Redis)
        {
            silo.AddRedisGrainStorage(DispatchDefaults.StorageProviderName, o => o.ConfigurationOptions = settings.Redis!.Clone());
        }

        silo.AddDispatch(options => configuration.GetSection("Dispatch").Bind(options));

        if (settings.DemoReceipts == ReceiptStore.Redis)
        {
            // To Demo:ReceiptsRedis when set: a consumer's own store, apart from the cluster's.
            silo.Services.AddSingleton<IDemoReceiptSink>(_ => new RedisReceiptSink(settings.ReceiptsRedis ?? settings.Redis!, settings.ServiceId));
        }

        silo.Services.AddDemoConsumer();

        if (settings.Tls.Enabled)
        {
            silo.UseTls(o => settings.Tls.Apply(o, silo: true));
        }

        if (settings.DashboardEnabled)
        {
            silo.AddDashboard();
        }

        silo.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
    }
}
