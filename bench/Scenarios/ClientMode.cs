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

/// <summary>
/// The child side of <see cref="ClientProcess"/>: connect through the gateways, run the load of
/// each path given (comma-separated, interleaved in slices), and print each path's window. Each
/// measured slice is framed by <c>BEGIN i</c> and <c>SLICE i</c> lines, so that the parent can count
/// the silos' side of path <c>i</c>.
/// </summary>
internal static class ClientMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var targets = args[1].Split(',');
        var gateways = args[2].Split(',').Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture))).ToArray();
        var concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var duration = TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture));
        var rounds = int.Parse(args[6], CultureInfo.InvariantCulture);

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
        var run = Guid.NewGuid().ToString("N");
        var windows = await InterleavedLoad.RunAsync(
            [.. targets.Select(target => Targets.For(target, grains, $"tcp-{target}-{concurrency}-{run}"))], concurrency, warmup, duration, rounds,
            sliceStarted: path => Console.Out.WriteLine($"BEGIN {path}"), sliceEnded: path => Console.Out.WriteLine($"SLICE {path}"));
        await Console.Out.WriteLineAsync("END " + JsonSerializer.Serialize([.. windows.Select(ClientReport.From)], ClientJson.Default.ClientReportArray));
        await host.StopAsync();
        return 0;
    }
}
