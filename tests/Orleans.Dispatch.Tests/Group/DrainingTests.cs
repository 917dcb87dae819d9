using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>Live counts follow the consumer id: a removed consumer drains, and re-adding it keeps its attempts counted.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class DrainingTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Removing_and_re_adding_a_consumer_during_an_attempt_keeps_it_within_MaxInFlight_and_shows_it_draining()
    {
        var gate = new Gate();
        var atOnce = 0;
        var most = 0;
        ConsumerBehavior counting = async call =>
        {
            most = Math.Max(most, Interlocked.Increment(ref atOnce));
            try
            {
                await gate.Behavior(call);
            }
            finally
            {
                Interlocked.Decrement(ref atOnce);
            }
        };
        await scenario.AddAsync("A", counting, maxInFlight: 1);
        await scenario.UseAsync("first-available");

        var first = scenario.DispatchAsync(new RoutingMessage("m1"));
        await gate.ArrivedAsync();
        await scenario.GroupGrain.RemoveConsumer(new ConsumerId("A"));
        var removed = await scenario.GroupGrain.GetSnapshot();
        await scenario.AddAsync("A", counting, maxInFlight: 1);
        var readded = await scenario.GroupGrain.GetSnapshot();
        var second = scenario.DispatchAsync(new RoutingMessage("m2"));
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Waiting == 1, what: "m2 waiting for A's one slot");
        gate.Open();
        await Task.WhenAll(first, second).WaitAsync(TestSettings.Patience);

        Assert.Empty(removed.Consumers);
        Assert.Equal([new DrainingConsumer(new ConsumerId("A"), 1)], removed.Draining);
        Assert.Equal(1, Assert.Single(readded.Consumers).CurrentInFlight);
        Assert.Empty(readded.Draining);
        Assert.Equal("A", (await second).DeliveredTo.Value);
        Assert.Equal(1, most);
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in flight back to zero");
    }

    [Fact]
    public async Task A_removed_consumer_leaves_the_draining_list_once_its_attempts_end()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        var dispatch = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();

        await scenario.GroupGrain.RemoveConsumer(new ConsumerId("A"));
        var draining = (await scenario.GroupGrain.GetSnapshot()).Draining;
        gate.Open();
        await dispatch.WaitAsync(TestSettings.Patience);

        Assert.Equal([new DrainingConsumer(new ConsumerId("A"), 1)], draining);
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Draining.Count == 0, what: "A drained");
    }
}
