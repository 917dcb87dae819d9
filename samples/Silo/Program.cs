// A silo of your own running Orleans.Dispatch: Redis membership, the dispatch storage on Redis,
// and the tuned failure detection (a dead, frozen or cut-off silo declared dead within 10 s).
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

var builder = Host.CreateApplicationBuilder(args);
var redis = builder.Configuration["Redis"] ?? "127.0.0.1:6379";
var siloPort = int.Parse(builder.Configuration["SiloPort"] ?? "11111");
var gatewayPort = int.Parse(builder.Configuration["GatewayPort"] ?? "30000");

builder.UseOrleans(silo => silo
    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("samples", "samples"))
    .ConfigureEndpoints(siloPort, gatewayPort)
    .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
    .AddRedisGrainStorage("dispatch", o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
    .AddDispatch(o => o.AttemptTimeout = TimeSpan.FromSeconds(5))
    .UseDispatchFailureDetection());

await builder.Build().RunAsync();
