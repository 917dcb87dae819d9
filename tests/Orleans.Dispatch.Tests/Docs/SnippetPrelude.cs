namespace Orleans.Dispatch.Tests.Docs;

/// <summary>
/// What the docs' snippets take as given: the usings a project using the packages has, and the
/// variables the prose names (the host builder, a silo builder, a cluster client, the dispatch
/// client, a Redis connection string...), as members of the class every statement snippet runs in.
/// </summary>
internal static class SnippetPrelude
{
    public const string GlobalUsings = """
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
        """;

    public const string Ambient = """
        namespace DocSnippets;

        internal abstract class SnippetAmbient
        {
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
        """;
}
