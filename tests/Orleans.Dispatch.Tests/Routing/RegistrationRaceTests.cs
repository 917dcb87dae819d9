using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>
/// Registration changes interleave with routing: a consumer removed while a custom function that
/// picked it still runs is the group's change, not the function's fault, and never fails the
/// message. Run where the routing timeout (1 s) leaves room to hold the function.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class RegistrationRaceTests(SlowRoutingClusterFixture fixture) : IClassFixture<SlowRoutingClusterFixture>
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_pick_removed_while_the_function_runs_is_decided_again_and_delivered_elsewhere()
    {
        await scenario.AddAsync("A");
        await scenario.AddAsync("B");
        await scenario.UseAsync(GatedRoutingFunction.Name);
        var message = new RoutingMessage("picked-then-removed");
        var hold = GatedRoutingFunction.HoldFirstRun(message.Id);
        var runsBefore = GatedRoutingFunction.Runs;

        var dispatch = scenario.DispatchAsync(message);
        await hold.Entered.Task.Within();
        Assert.True(await scenario.GroupGrain.RemoveConsumer(new ConsumerId("A")).Within());
        hold.Released.SetResult();
        var outcome = await dispatch.Within();

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Empty(outcome.ReroutedFrom);
        Assert.Equal(2, GatedRoutingFunction.Runs - runsBefore);
        Assert.Empty(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_pick_that_was_never_a_candidate_is_still_an_unknown_consumer()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        var failure = await Assert.ThrowsAsync<UnknownConsumerSelectedException>(
            () => scenario.DispatchAsync(new RoutingMessage("stranger").With("script", FieldValue.Text("stranger"))));

        Assert.Equal("ghost", failure.Consumer?.Value);
    }
}
