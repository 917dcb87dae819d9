using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>Behaviour 11: registrations and the function name survive deactivation; in-flight counts do not persist.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Registrations_and_the_function_survive_the_group_grains_deactivation()
    {
        await scenario.AddAsync("A", maxInFlight: 3, tags: ["gpu", "eu"]);
        await scenario.AddAsync("B", maxInFlight: 9);
        await scenario.UseAsync("by-field:target");
        var before = await scenario.GroupGrain.GetSnapshot();

        await Activations.DeactivateAsync(fixture, scenario.GroupGrain.GetGrainId());
        var after = await scenario.GroupGrain.GetSnapshot();

        Assert.Equal("by-field:target", after.RoutingFunction);
        Assert.Equal(["A", "B"], after.Consumers.Select(c => c.Consumer.Value));
        Assert.Equal([3, 9], after.Consumers.Select(c => c.MaxInFlight));
        Assert.Equal(["eu", "gpu"], after.Consumers[0].AffinityTags);
        Assert.Equal(before.Consumers.Select(c => c.ToString()), after.Consumers.Select(c => c.ToString()));

        var message = new RoutingMessage().With("target", FieldValue.Text("B"));
        Assert.Equal("B", (await scenario.DispatchAsync(message)).DeliveredTo.Value);
        Assert.Equal([message], scenario.ReceivedBy("B"));
    }

    [Fact]
    public async Task In_flight_counts_go_on_from_where_they_were_after_reactivation()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        await scenario.UseAsync("first-available");
        var held = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();
        Assert.Equal(1, await scenario.InFlightAsync("A"));

        await Activations.DeactivateAsync(fixture, scenario.GroupGrain.GetGrainId());

        // The attempt still runs: the activation handed its lease over to the next one.
        Assert.Equal(1, await scenario.InFlightAsync("A"));
        gate.Open();
        Assert.Equal("A", (await held.Within()).DeliveredTo.Value);
        await Eventually.HoldsAsync(async () => await scenario.InFlightAsync("A") == 0, what: "in-flight back to zero (the release is one-way)");
    }
}
