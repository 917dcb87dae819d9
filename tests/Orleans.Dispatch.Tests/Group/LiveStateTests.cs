using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>Behaviour 9: in-flight counts are live, bound capacity-aware routing, and return to zero.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class LiveStateTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task In_flight_counts_are_what_routing_sees_and_capacity_aware_routing_never_exceeds_MaxInFlight()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior, maxInFlight: 2);
        await scenario.AddAsync("B", gate.Behavior, maxInFlight: 1);
        await scenario.UseAsync("first-available");

        var first = scenario.DispatchAsync(new RoutingMessage());
        var second = scenario.DispatchAsync(new RoutingMessage());
        var third = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync(3);

        var snapshot = await scenario.GroupGrain.GetSnapshot();
        Assert.Equal([2, 1], snapshot.Consumers.Select(c => c.CurrentInFlight));
        Assert.Equal([0, 0], snapshot.Consumers.Select(c => c.AvailableCapacity));
        Assert.All(snapshot.Consumers, c => Assert.False(c.HasCapacity));

        // Every candidate at capacity: the fourth waits for room instead of failing.
        var fourth = scenario.DispatchAsync(new RoutingMessage());
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Waiting == 1, what: "the fourth waiting");

        gate.Open();
        var outcomes = await Task.WhenAll(first, second, third, fourth).Within();
        Assert.All(outcomes, o => Assert.Contains(o.DeliveredTo.Value, (string[])["A", "B"]));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task Crashed_and_timed_out_attempts_are_released()
    {
        await scenario.AddAsync("A", Behave.Throw());
        await scenario.AddAsync("B", Behave.IgnoreAndHang);
        await scenario.AddAsync("C");
        await scenario.UseAsync("first-available");

        var outcome = await scenario.DispatchAsync(new RoutingMessage());

        Assert.Equal(["A", "B"], outcome.ReroutedFrom.Select(c => c.Value));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task Buffer_depth_reported_by_a_consumer_is_what_routing_sees()
    {
        await scenario.AddAsync("A");

        Assert.True(await scenario.GroupGrain.ReportBufferDepth(new ConsumerId("A"), 17));
        Assert.False(await scenario.GroupGrain.ReportBufferDepth(new ConsumerId("Z"), 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scenario.GroupGrain.ReportBufferDepth(new ConsumerId("A"), -1));

        Assert.Equal(17, Assert.Single((await scenario.GroupGrain.GetSnapshot()).Consumers).BufferDepth);
    }

    [Fact]
    public async Task An_attempt_whose_conversation_never_reports_back_is_released_within_the_attempt_timeout_plus_the_grace()
    {
        // A conversation lost with its silo never releases its lease: take one and walk away.
        await scenario.AddAsync("A");
        var router = fixture.Client.GetGrain<IConsumerGroupRouterGrain>(scenario.Group);
        var message = new RoutingMessage();
        var route = await router.Route(new RouteRequest(message, null, [], 0, message.ContentFingerprint(), Guid.NewGuid(), 1, TestSilos.Elsewhere));
        Assert.IsType<Granted>(route);
        Assert.Equal(1, await scenario.InFlightAsync("A"));

        // When exactly it expires is tested on fake time (GroupTimingTests); here, that the sweep runs.
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, TestSettings.AttemptTimeout + TestSettings.LeaseGrace + TestSettings.Patience, "the abandoned lease released");
    }
}
