using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Workers;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>
/// A worker's graceful stop on the test cluster, with its clock fake and its silo's answers held:
/// however the stop meets the worker, it leaves the group, lets the messages in hand end, and
/// returns without an error.
/// </summary>
[Collection(SharedCluster.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkerStopTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_stop_while_a_lease_renewal_goes_unanswered_still_leaves_and_drains_the_message_in_hand()
    {
        var time = new TimerWatchingTimeProvider();
        var options = new DispatchWorkerOptions { ConsumerId = "w1", MaxInFlight = 4 };
        var inHand = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        using var renewals = CallHold.On<IWorkerGrain>(nameof(IWorkerGrain.Renew), grain => WorkerKey.Parse(grain.Key.ToString())?.Group == scenario.Group);

        var worker = DispatchWorker.RunAsync(
            fixture.Client,
            scenario.Group,
            async (_, _) =>
            {
                inHand.TrySetResult();
                await finish.Task;
            },
            options,
            time,
            NullLogger.Instance,
            stop.Token);
        Assert.Equal(options.Lease / 4, await time.TimerStartedAsync()); // joined: waiting to renew
        var dispatch = scenario.DispatchAsync(new RoutingMessage("m1"));
        await inHand.Task.WaitAsync(TestSettings.Patience);
        time.Advance(options.Lease / 4);
        await renewals.HeldAsync(); // the renewal is out, and its silo does not answer

        await stop.CancelAsync();

        // Left: no new message goes to it, and the one in hand is waited for.
        var left = await Eventually.ValueAsync(scenario.GroupGrain.GetSnapshot, s => s.Consumers.Count == 0, "the worker left the group");
        Assert.Equal([new DrainingConsumer(new ConsumerId("w1"), 1)], left.Draining);
        Assert.False(worker.IsCompleted, "the worker stopped with a message in hand");
        finish.TrySetResult();

        await worker.WaitAsync(TestSettings.Patience);
        var outcome = await dispatch.WaitAsync(TestSettings.Patience);
        Assert.Equal("w1", outcome.DeliveredTo.Value);
        Assert.Empty(outcome.Crashes);
        var after = await scenario.GroupGrain.GetSnapshot();
        Assert.Empty(after.Consumers);
        Assert.Empty(after.Draining);
    }
}
