// A client that dispatches through the retrying client (IDispatchClient): each dispatch survives
// the loss of a silo or of its gateway, and is idempotent by message id.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dispatch;
using Orleans.Hosting;
using StackExchange.Redis;

var builder = Host.CreateApplicationBuilder(args);
var redis = builder.Configuration["Redis"] ?? "127.0.0.1:6379";
var count = int.Parse(builder.Configuration["Count"] ?? "100");

builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("samples", "samples"))
    .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
    .AddDispatchClient(o => o.Deadline = TimeSpan.FromMinutes(1)));

using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();
var dispatcher = host.Services.GetRequiredService<IDispatchClient>();

// Wait until a consumer has joined the group (the worker sample registers itself).
var group = grains.GetGrain<IConsumerGroupGrain>("orders");
using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
{
    while ((await group.GetSnapshot()).Consumers.Count == 0)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200), waiting.Token);
    }
}

// Dispatch, 16 at a time. The message id makes a dispatch idempotent: sending it again within the
// group's idempotency window returns the first outcome instead of delivering twice.
using var slots = new SemaphoreSlim(16);
var outcomes = await Task.WhenAll(Enumerable.Range(1, count).Select(async i =>
{
    await slots.WaitAsync();
    try
    {
        var message = new RoutingMessage($"order-{i}")
            .With("customer", FieldValue.Text($"c-{i % 7}"))
            .WithPayload(BitConverter.GetBytes(i));
        return await dispatcher.DispatchAsync("orders", message);
    }
    finally
    {
        slots.Release();
    }
}));

var byConsumer = outcomes.GroupBy(o => o.DeliveredTo.Value).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
Console.WriteLine($"delivered {outcomes.Length} of {count} messages to group orders: {string.Join(", ", byConsumer)}");
await host.StopAsync();
