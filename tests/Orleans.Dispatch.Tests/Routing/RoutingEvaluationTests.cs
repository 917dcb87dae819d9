using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>Behaviour 4: a routing function that throws or overruns fails one dispatch, never the group.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class RoutingEvaluationTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task A_function_that_throws_fails_with_RoutingEvaluationException_and_the_next_dispatch_works()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        var error = await Assert.ThrowsAsync<RoutingEvaluationException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("script", FieldValue.Text("throw"))));

        Assert.Equal(RoutingEvaluationFailure.Crashed, error.Failure);
        Assert.Equal(ScriptedRoutingFunction.Name, error.RoutingFunction);
        Assert.Contains("scripted routing failure", error.Detail, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));

        var next = await scenario.DispatchAsync(new RoutingMessage());
        Assert.Equal("A", next.DeliveredTo.Value);
    }

    [Fact]
    public async Task A_function_that_overruns_is_abandoned_at_the_routing_timeout_and_the_next_dispatch_works()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);

        var error = await Assert.ThrowsAsync<RoutingEvaluationException>(
            () => scenario.DispatchAsync(new RoutingMessage().With("script", FieldValue.Text("hang"))));

        // When exactly the run is abandoned is tested on fake time (RoutingSupervisionTests).
        Assert.Equal(RoutingEvaluationFailure.TimedOut, error.Failure);
        Assert.Empty(scenario.ReceivedBy("A"));

        // The hung run still holds its thread; the group answers with a fresh instance.
        var next = await scenario.DispatchAsync(new RoutingMessage());
        Assert.Equal("A", next.DeliveredTo.Value);
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task A_saved_function_not_registered_on_the_silo_fails_dispatches_naming_it()
    {
        await scenario.AddAsync("A");
        await StoredState.SetRoutingFunctionAsync(fixture, scenario.Group, "retired-function");

        var error = await Assert.ThrowsAsync<RoutingEvaluationException>(() => scenario.DispatchAsync(new RoutingMessage()));

        Assert.Equal(RoutingEvaluationFailure.NotRegistered, error.Failure);
        Assert.Equal("retired-function", error.RoutingFunction);
        Assert.Contains("retired-function", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));
        Assert.Equal("retired-function", (await scenario.GroupGrain.GetSnapshot()).RoutingFunction);
    }
}
