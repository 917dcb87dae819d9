using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

// The embedded default: one silo, localhost clustering, in-memory storage, dispatch registered.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddDispatch(options => builder.Configuration.GetSection("Dispatch").Bind(options)));

using var host = builder.Build();
await host.RunAsync();
