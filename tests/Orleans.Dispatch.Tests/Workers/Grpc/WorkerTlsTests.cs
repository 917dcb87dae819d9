using System.Globalization;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Processes;
using Xunit.Abstractions;

namespace Orleans.Dispatch.Tests.Workers.Grpc;

/// <summary>
/// The worker protocol over mutual TLS: a compose silo (TLS on, mutual) as a real process serving
/// an https <c>Workers:Url</c>, the Python worker's demo holding a certificate the cluster's authority
/// signed consumes; one with a certificate from another authority and one without TLS are refused
/// at the connection, retry, and never join the group.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Process")]
public sealed class WorkerTlsTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string Group = "secure-workers";

    [Fact]
    public async Task A_python_worker_with_a_trusted_certificate_consumes_over_mutual_tls_and_workers_without_one_are_refused()
    {
        var isolated = new Dictionary<string, string>
        {
            ["Cluster__ClusterId"] = "worker-tls",
            ["Cluster__ServiceId"] = "worker-tls",
            ["Workers__Url"] = $"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
        };
        await using var silo = LocalSilo.Start(ComposeFile.Load(RepoPaths.ComposeFile)["silo1"], redis, isolated);
        await silo.WaitHealthyAsync(activeSilos: 1, TimeSpan.FromSeconds(60));
        var exposure = await silo.Process.LineContainingAsync("(worker protocol)").WaitAsync(TimeSpan.FromSeconds(10));

        var trusted = DevCertificates.Shared;
        var strangers = DevCertificates.Make("worker-stranger");
        await using var worker = await PythonWorkerProcess.StartAsync(
            silo.WorkersAddress, Group, "py-tls", maxInFlight: 8, delayMs: 0, extra: ["--tls-ca", trusted.Authority, "--tls-cert", trusted.ClientCertificate, "--tls-key", trusted.ClientKey]);
        await using var stranger = PythonWorkerProcess.Launch(
            silo.WorkersAddress, Group, "py-stranger", maxInFlight: 8, delayMs: 0, extra: ["--tls-ca", trusted.Authority, "--tls-cert", strangers.ClientCertificate, "--tls-key", strangers.ClientKey]);
        await using var plain = PythonWorkerProcess.Launch(silo.WorkersAddress, Group, "py-plain", maxInFlight: 8, delayMs: 0);
        var strangerRefused = await stranger.Process.LineContainingAsync("attaching again through").WaitAsync(TimeSpan.FromSeconds(30));
        var plainRefused = await plain.Process.LineContainingAsync("attaching again through").WaitAsync(TimeSpan.FromSeconds(30));

        await using var client = await ProcessClusterClient.ConnectAsync(redis, silo.Environment);
        var dispatcher = client.Client.GetGrain<IDispatchGrain>(Group);
        var outcomes = new List<DispatchOutcome>();
        for (var i = 0; i < 50; i++)
        {
            outcomes.Add(await dispatcher.Dispatch(new RoutingMessage($"tls-{i}")));
        }

        // The demo prints "acked" before it answers; its output reaches this test a moment later.
        await Eventually.HoldsAsync(() => Task.FromResult(worker.Acked.Count >= outcomes.Count), TimeSpan.FromSeconds(10), "py-tls's acked lines read");
        var consumers = (await client.Client.GetGrain<IConsumerGroupGrain>(Group).GetSnapshot()).Consumers.Select(c => c.Consumer.Value).ToList();
        Figures.Report(output, "workers.txt", $"worker-tls: {outcomes.Count} dispatches over mutual TLS to py-tls; refused: py-stranger ({strangerRefused.Trim()}), py-plain ({plainRefused.Trim()})");

        Assert.Contains("mutual TLS", exposure, StringComparison.Ordinal);
        Assert.All(outcomes, o => Assert.Equal("py-tls", o.DeliveredTo.Value));
        Assert.Equal(outcomes.Select(o => o.MessageId).Order(StringComparer.Ordinal), worker.Acked.Order(StringComparer.Ordinal));
        Assert.Equal(["py-tls"], consumers);
        Assert.Empty(stranger.Acked);
        Assert.Empty(plain.Acked);
    }
}
