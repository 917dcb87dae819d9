// A worker process: an Orleans client that joins the group "orders" as a consumer. The group routes
// messages to it by its live load; if it dies, its messages are rerouted the moment its connection
// closes. Ctrl+C (SIGTERM) drains: it leaves the group, then finishes what it holds.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

var builder = Host.CreateApplicationBuilder(args);
var redis = builder.Configuration["Redis"] ?? "127.0.0.1:6379";
var id = builder.Configuration["ConsumerId"] ?? "worker-1";

builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("samples", "samples"))
    .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
    .AddDispatchClient());
builder.Services.AddSingleton<ShipOrderHandler>();
builder.Services.AddDispatchWorker<ShipOrderHandler>("orders", o =>
{
    o.ConsumerId = id;   // a restart with the same id replaces this process's registration
    o.MaxInFlight = 8;   // the group never has more than this in flight to the worker
});

using var host = builder.Build();
var handler = host.Services.GetRequiredService<ShipOrderHandler>();
await host.RunAsync();
Console.WriteLine($"{id} handled {handler.Handled} messages");
