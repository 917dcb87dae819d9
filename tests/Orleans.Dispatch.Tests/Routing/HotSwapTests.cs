using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Behaviour 10: a new function takes the next decision; dispatches in flight keep theirs.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class HotSwapTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_dispatch_in_flight_finishes_with_its_function_and_the_next_uses_the_new_one()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        await scenario.AddAsync("B");
        await scenario.AddAsync("C");
        await scenario.UseAsync("first-available");

        var inFlight = scenario.DispatchAsync(new RoutingMessage());
        await gate.ArrivedAsync();
        await scenario.UseAsync(PickLastRoutingFunction.Name);
        gate.OpenWithFailure();
        var rerouted = await inFlight.Within();

        // first-available, excluding A, picks B; pick-last would have picked C.
        Assert.Equal("B", rerouted.DeliveredTo.Value);
        Assert.Equal("first-available", rerouted.RoutingFunction);

        var next = await scenario.DispatchAsync(new RoutingMessage());
        Assert.Equal("C", next.DeliveredTo.Value);
        Assert.Equal(PickLastRoutingFunction.Name, next.RoutingFunction);
        Assert.Equal(PickLastRoutingFunction.Name, (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("consistent-hash:")]
    [InlineData("by-field")]
    [InlineData("round-robin:extra")]
    [InlineData("by-field:bad\u0001field")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_name_is_rejected_and_the_function_in_force_is_unchanged(string name)
    {
        await scenario.UseAsync("least-loaded");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scenario.GroupGrain.SetRoutingFunction(name));

        // Orleans does not carry ParamName across the wire; the message names the argument.
        Assert.Contains("Cannot set the routing function", error.Message, StringComparison.Ordinal);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Equal("least-loaded", (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }

    [Fact]
    public async Task A_null_name_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => scenario.GroupGrain.SetRoutingFunction(null!));
        Assert.Equal(DispatchDefaults.RoutingFunction, (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }
}
