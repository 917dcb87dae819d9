using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>The child side of <see cref="ClientProcess"/>: connect through the gateways, run the load, print the window.</summary>
internal static class ClientMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var target = args[1];
        var gateways = args[2].Split(',').Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture))).ToArray();
        var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var duration = TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateways)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "bench";
                o.ServiceId = "bench";
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var run = $"tcp-{target}-{concurrency}-{Guid.NewGuid():N}";
        var window = await LoadDriver.RunAsync(Targets.For(target, grains, run), concurrency, warmup, duration, windowStarted: () => Console.Out.WriteLine("BEGIN"));
        await Console.Out.WriteLineAsync("END " + JsonSerializer.Serialize(ClientReport.From(window), ClientJson.Default.ClientReport));
        await host.StopAsync();
        return 0;
    }
}
