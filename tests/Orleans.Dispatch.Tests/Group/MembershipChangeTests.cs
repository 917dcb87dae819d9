using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>Behaviour 8: joins and leaves take effect at the next decision, even mid-reroute, and pause nobody.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class MembershipChangeTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_consumer_added_while_a_message_is_in_flight_receives_its_reroute()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        await scenario.UseAsync("first-available");

        var dispatch = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();
        await scenario.AddAsync("B");
        gate.OpenWithFailure();
        var outcome = await dispatch.Within();

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
    }

    [Fact]
    public async Task A_consumer_removed_while_a_message_is_in_flight_is_not_chosen_for_its_reroute()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        await scenario.AddAsync("B");
        await scenario.AddAsync("C");
        await scenario.UseAsync("first-available");

        var dispatch = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();
        Assert.True(await scenario.GroupGrain.RemoveConsumer(new ConsumerId("B")));
        gate.OpenWithFailure();
        var outcome = await dispatch.Within();

        Assert.Equal("C", outcome.DeliveredTo.Value);
        Assert.Empty(scenario.ReceivedBy("B"));
    }

    [Fact]
    public async Task Membership_changes_and_other_dispatches_proceed_while_a_consumer_holds_a_message()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior, maxInFlight: 1);
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var held = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();

        // The group is not busy with the held message: changes and other dispatches complete meanwhile.
        Assert.True(await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("C"), fixture.Client.GetGrain<ITestConsumerGrain>(scenario.KeyOf("C")))).Within());
        Assert.True(await scenario.GroupGrain.RemoveConsumer(new ConsumerId("C")).Within());
        var other = await scenario.DispatchAsync(new RoutingMessage()).Within();
        Assert.Equal("B", other.DeliveredTo.Value);
        Assert.False(held.IsCompleted);

        gate.Open();
        Assert.Equal("A", (await held.Within()).DeliveredTo.Value);
    }

    [Fact]
    public async Task Re_adding_an_id_replaces_the_registration_and_returns_false()
    {
        Assert.True(await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), fixture.Client.GetGrain<ITestConsumerGrain>(scenario.KeyOf("A"))) { MaxInFlight = 5 }));
        Assert.False(await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), fixture.Client.GetGrain<ITestConsumerGrain>(scenario.KeyOf("A2"))) { MaxInFlight = 7, AffinityTags = ["eu"] }));
        Assert.False(await scenario.GroupGrain.RemoveConsumer(new ConsumerId("nobody")));

        var view = Assert.Single((await scenario.GroupGrain.GetSnapshot()).Consumers);
        Assert.Equal(7, view.MaxInFlight);
        Assert.Equal(["eu"], view.AffinityTags);

        var message = new RoutingMessage();
        await scenario.DispatchAsync(message);
        Assert.Equal([message], scenario.ReceivedBy("A2"));
        Assert.Empty(scenario.ReceivedBy("A"));
    }
}
