using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// <c>--worker-mode GATEWAY GROUP ID</c>: a worker process for the bench's <c>worker</c> path: it
/// joins GROUP through the loopback gateway and acknowledges every message at once, until its
/// standard input closes (the bench ends it).
/// </summary>
internal static class WorkerMode
{
    public const string Group = "bench-workers";

    public static async Task<int> RunAsync(string[] args)
    {
        var gateway = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gateway))
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "bench";
                o.ServiceId = "bench";
            })
            .AddDispatchClient());
        using var host = builder.Build();
        await host.StartAsync();
        using var stop = new CancellationTokenSource();
        var worker = host.Services.GetRequiredService<IDispatchClient>().ConsumeAsync(
            args[2], static (_, _) => Task.CompletedTask, new DispatchWorkerOptions { ConsumerId = args[3], MaxInFlight = 1_000_000 }, stop.Token);
        await Console.Out.WriteLineAsync("READY");
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        await worker;
        await host.StopAsync();
        return 0;
    }
}
