using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Behaviour 13 through a real group: the built-ins see the group's live state.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class BuiltInFunctionClusterTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_new_group_starts_with_round_robin_which_takes_consumers_in_turn()
    {
        await scenario.AddAsync("B");
        await scenario.AddAsync("A");
        await scenario.AddAsync("C");

        var picks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            picks.Add((await scenario.DispatchAsync(new RoutingMessage())).DeliveredTo.Value);
        }

        Assert.Equal(DispatchDefaults.RoutingFunction, (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
        Assert.Equal(["A", "B", "C", "A", "B", "C"], picks);
    }

    [Fact]
    public async Task Least_loaded_avoids_the_consumer_with_messages_in_flight()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior, maxInFlight: 2);
        await scenario.AddAsync("B", maxInFlight: 2);
        await scenario.UseAsync("least-loaded");

        var held = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();
        var next = await scenario.DispatchAsync(new RoutingMessage());
        gate.Open();

        Assert.Equal("A", (await held.Within()).DeliveredTo.Value);
        Assert.Equal("B", next.DeliveredTo.Value);
    }

    [Fact]
    public async Task Affinity_routes_by_tag_and_fails_when_no_consumer_has_it()
    {
        await scenario.AddAsync("A", tags: ["us"]);
        await scenario.AddAsync("B", tags: ["eu"]);
        await scenario.UseAsync("affinity:region");

        var outcome = await scenario.DispatchAsync(new RoutingMessage().With("region", FieldValue.Text("eu")));

        Assert.Equal("B", outcome.DeliveredTo.Value);
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage().With("region", FieldValue.Text("ap"))));
    }

    [Fact]
    public async Task Consistent_hash_sends_a_key_to_one_consumer_and_a_crash_moves_it_to_the_next()
    {
        foreach (var id in new[] { "A", "B", "C", "D" })
        {
            await scenario.AddAsync(id);
        }

        await scenario.UseAsync("consistent-hash:user");
        var owners = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            owners.Add((await scenario.DispatchAsync(new RoutingMessage().With("user", FieldValue.Text("alice")))).DeliveredTo.Value);
        }

        var owner = Assert.Single(owners);
        ConsumerScript.Set(scenario.KeyOf(owner), Behave.Throw());
        var rerouted = await scenario.DispatchAsync(new RoutingMessage().With("user", FieldValue.Text("alice")));

        Assert.Equal([new ConsumerId(owner)], rerouted.ReroutedFrom);
        Assert.NotEqual(owner, rerouted.DeliveredTo.Value);
    }
}
