// What the C# snippets of the README and docs/ take as given. A test compiles every snippet with
// this file (tests/Orleans.Dispatch.Tests/Docs): a snippet of type declarations is a file of its
// own; a snippet of statements is the body of an async method of a class deriving SnippetAmbient,
// so the names below (builder, silo, client, dispatcher, redis...) are in scope there. A snippet
// that declares its own variable of the same name uses its own.
//
// Where a page's snippet uses one of these names, read it as:
//   args          your program's command-line arguments
//   builder       the HostApplicationBuilder of your Program.cs (Host.CreateApplicationBuilder(args))
//   silo          the ISiloBuilder inside builder.UseOrleans(silo => ...)
//   clientBuilder the IClientBuilder inside builder.UseOrleansClient(client => ...)
//   client        the IClusterClient (from dependency injection, or host.Services)
//   dispatcher    the IDispatchClient that AddDispatchClient registers
//   host          the built IHost
//   services      builder.Services
//   redis         a Redis connection string, such as "127.0.0.1:6379"
//   orderBytes    a payload, any byte[]
//   orders        some orders of your own, each with an Id
//   message       a RoutingMessage
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using System.Security.Cryptography.X509Certificates;
global using System.Threading;
global using System.Threading.Tasks;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Orleans;
global using Orleans.Concurrency;
global using Orleans.Dispatch;
global using Orleans.Hosting;
global using StackExchange.Redis;
global using Xunit;

namespace DocSnippets;

internal abstract class SnippetAmbient
{
    protected static string[] args = [];
    protected static HostApplicationBuilder builder = null!;
    protected static ISiloBuilder silo = null!;
    protected static IClientBuilder clientBuilder = null!;
    protected static IClusterClient client = null!;
    protected static IDispatchClient dispatcher = null!;
    protected static IHost host = null!;
    protected static IServiceCollection services = null!;
    protected static string redis = "";
    protected static byte[] orderBytes = [];
    protected static IEnumerable<Order> orders = [];
    protected static RoutingMessage message = null!;
    protected static CancellationToken cancellationToken;

    protected sealed record Order(string Id);
}
