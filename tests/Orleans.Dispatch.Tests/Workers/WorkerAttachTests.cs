using Orleans.Core.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Workers;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>
/// How a worker process attaches, on the test cluster (its client connects over TCP, through the
/// silos' gateways): a first attach that fails transiently is tried again, and the silo's gateway
/// identifies the worker's connection from its opening (Orleans' preamble), which is what detects a
/// worker's death the moment its connection closes. If an upgrade of Orleans changes that opening,
/// the second test fails here, loudly, instead of death detection falling back to the lease unseen.
/// </summary>
[Collection(SharedCluster.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkerAttachTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_first_attach_that_fails_transiently_is_tried_again_with_backoff_and_the_worker_joins()
    {
        using var failing = CallHold.Failing<IWorkerGrain>(
            nameof(IWorkerGrain.Attach),
            grain => WorkerKey.Parse(grain.Key.ToString())?.Group == scenario.Group,
            static () => new SiloUnavailableException("injected: the silo is not reachable"),
            times: 2);
        using var stop = new CancellationTokenSource();
        var worker = DispatchWorker.RunAsync(
            fixture.Client, scenario.Group, static (_, _) => Task.CompletedTask, new DispatchWorkerOptions { ConsumerId = "w1" }, TimeProvider.System, NullLogger.Instance, stop.Token);

        await Eventually.ValueAsync(scenario.GroupGrain.GetSnapshot, s => s.Consumers.Any(c => c.Consumer.Value == "w1"), "the worker joined");
        Assert.Equal(2, failing.Failed);
        Assert.False(worker.IsCompleted, "the worker stopped");
        var outcome = await scenario.DispatchAsync(new RoutingMessage("m1"));
        Assert.Equal("w1", outcome.DeliveredTo.Value);

        await stop.CancelAsync();
        await worker.WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public async Task A_silos_gateway_identifies_the_connection_of_a_client_that_attaches_a_worker_from_its_opening()
    {
        var observer = fixture.Client.CreateObjectReference<IWorkerObserver>(new WorkerObserver(static (_, _) => Task.CompletedTask));
        try
        {
            var clientKey = WorkerGrain.ClientKeyOf(observer);
            var silos = fixture.Cluster.Silos.Cast<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<WorkerConnections>()).ToList();

            Assert.Contains(silos, connections => connections.Identifies(clientKey));
            Assert.DoesNotContain(silos, connections => connections.Identifies(Guid.NewGuid().ToString("N")));
        }
        finally
        {
            fixture.Client.DeleteObjectReference<IWorkerObserver>(observer);
        }
    }

    [Fact]
    public async Task When_the_client_loses_a_gateway_a_worker_whose_grain_was_lost_attaches_again_at_once_not_at_its_next_renewal()
    {
        var time = new TimerWatchingTimeProvider();
        var options = new DispatchWorkerOptions { ConsumerId = "w1" };
        using var stop = new CancellationTokenSource();
        var worker = DispatchWorker.RunAsync(fixture.Client, scenario.Group, static (_, _) => Task.CompletedTask, options, time, NullLogger.Instance, stop.Token);
        Assert.Equal(options.Lease / 4, await time.TimerStartedAsync()); // joined: waiting to renew
        var snapshot = await scenario.GroupGrain.GetSnapshot();
        var joined = snapshot.Workers[new ConsumerId("w1")];

        // Its worker grain is lost (as with its silo); the worker's clock does not move, so no renewal comes due.
        var grain = fixture.Client.GetGrain<IWorkerGrain>(snapshot.ConsumerGrains[new ConsumerId("w1")].Key.ToString());
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        fixture.Client.ServiceProvider.GetRequiredService<GatewayLoss>().NotifyGatewayCountChanged(currentNumberOfGateways: 1, previousNumberOfGateways: 2, connectionRecovered: false);

        await Eventually.ValueAsync(
            scenario.GroupGrain.GetSnapshot,
            s => s.Workers.TryGetValue(new ConsumerId("w1"), out var now) && now.Since > joined.Since,
            "the worker attached again");
        var outcome = await scenario.DispatchAsync(new RoutingMessage("m1"));
        Assert.Equal("w1", outcome.DeliveredTo.Value);

        await stop.CancelAsync();
        await worker.WaitAsync(TestSettings.Patience);
    }
}
