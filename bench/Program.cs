using System.Diagnostics;
using System.Text.Json;
using Orleans.Dispatch.Bench.Report;
using Orleans.Dispatch.Bench.Scenarios;
using Orleans.Dispatch.Bench.Scenarios.Echo;

if (args.Length > 0 && args[0] == "--client-mode")
{
    return await ClientMode.RunAsync(args);
}

if (args.Length > 0 && args[0] == "--worker-mode")
{
    return await WorkerMode.RunAsync(args);
}

if (args.Length > 0 && args[0] == "--grpc-worker-mode")
{
    return await GrpcWorkerMode.RunAsync(args);
}

if (args.Length > 0 && args[0] == "--profile")
{
    // One path, in-process, for as long as asked: something steady to attach dotnet-trace to.
    return await ProfileMode.RunAsync(args);
}

var quick = args.Contains("--quick");
if (args.Length > 0 && args[0] == "--health")
{
    // The consumer-health cases alone, printed (no JSON): for tuning the health rules.
    await using var healthSilo = await BenchSilo.StartAsync(0);
    await Targets.RegisterAsync(healthSilo.Client);
    await HealthScenario.RunAsync(healthSilo, quick ? BenchSettings.QuickRun : BenchSettings.Full);
    return 0;
}

if (args.Length > 0 && args[0] == "--workers")
{
    // The two worker paths alone, interleaved, printed with their ratios (no JSON): for tuning the worker protocol.
    await using var workersSilo = await BenchSilo.StartAsync(0);
    await Targets.RegisterAsync(workersSilo.Client);
    var workerSettings = quick ? BenchSettings.QuickRun : BenchSettings.Full;
    var pairs = await ThroughputScenarios.RunWorkersAsync(workersSilo, workerSettings);
    Console.WriteLine("the bare gRPC floor (Deliver and Ack frames on a stream, nothing behind them):");
    var floor = await EchoFloorScenario.RunAsync(workersSilo, workerSettings);
    foreach (var concurrency in ThroughputScenarios.Concurrencies)
    {
        var (orleans, grpc) = (pairs.Single(r => r.Name == "worker" && r.Concurrency == concurrency), pairs.Single(r => r.Name == "grpc-worker" && r.Concurrency == concurrency));
        var echo = floor.Single(f => f.Concurrency == concurrency).Window;
        Console.WriteLine($"  {concurrency,3} in flight: grpc-worker/worker throughput {grpc.ThroughputPerSecond / orleans.ThroughputPerSecond:0.00}x, p50 {grpc.P50Us / orleans.P50Us:0.00}x; " +
            $"p50 over worker {grpc.P50Us - orleans.P50Us:+0;-0} us, the echo floor's whole round trip p50 {echo.PercentileUs(50):0} us");
    }

    return 0;
}

var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine("bench", "results", "latest.json");
var settings = quick ? BenchSettings.QuickRun : BenchSettings.Full;
Console.WriteLine($"Orleans.Dispatch bench ({(quick ? "quick" : "full")}): warm-up {settings.Warmup.TotalSeconds} s, windows of {settings.Window.TotalSeconds} s, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");

var total = Stopwatch.StartNew();
List<ScenarioResult> scenarios;
RerouteResult reroute;
MemoryResult memory;
Dictionary<string, IReadOnlyDictionary<string, double>> routing;
ChurnResult churn;
OverloadResult overload;
OrderedResult ordered;
HealthResult health;
await using (var silo = await BenchSilo.StartAsync(0))
{
    await Targets.RegisterAsync(silo.Client);
    Console.WriteLine("throughput, one silo:");
    scenarios = await ThroughputScenarios.RunSingleSiloAsync(silo, settings);
    Console.WriteLine("reroute, memory, routing, churn:");
    reroute = await RerouteScenario.RunAsync(silo, settings);
    memory = await MemoryScenario.RunAsync(silo, settings);
    routing = RoutingScenario.Run(settings);
    churn = await ChurnScenario.RunAsync(silo, settings);
    Console.WriteLine("overload:");
    overload = await OverloadScenario.RunAsync(silo, settings);
    Console.WriteLine("ordered keys:");
    ordered = await OrderedScenario.RunAsync(silo, settings);
    Console.WriteLine("consumer health:");
    health = await HealthScenario.RunAsync(silo, settings);
}

Console.WriteLine("throughput, two silos (consumers spread over both, TCP client through both gateways):");
await using (var first = await BenchSilo.StartAsync(0))
await using (var second = await BenchSilo.StartAsync(1))
{
    await Targets.RegisterAsync(first.Client);
    scenarios.AddRange((await ThroughputScenarios.OverTcpAsync(["relay", "skeleton", "skeleton-ct", "dispatch"], "cluster", [first.GatewayPort, second.GatewayPort], 64, settings)).Select(ThroughputScenarios.Print));
}

var report = new BenchReport(Machine.Commit(), Machine.Describe(), quick, scenarios, reroute, memory, routing, churn, overload, ordered, ThroughputScenarios.Ceilings, health);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, BenchJson.Default.BenchReport));
Summary.Print(report);
Console.WriteLine($"wrote {output} in {total.Elapsed.TotalSeconds:N0} s");
return 0;
