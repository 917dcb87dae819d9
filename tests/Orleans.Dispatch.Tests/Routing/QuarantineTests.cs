using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>A routing function that keeps overrunning is quarantined for its group until swapped.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class QuarantineTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private static RoutingMessage Hang() => new RoutingMessage().With("script", FieldValue.Text("hang"));

    [Fact]
    public async Task After_repeated_overruns_dispatches_fail_fast_without_running_it_until_the_function_is_swapped()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);
        for (var i = 0; i < DispatchDefaults.QuarantineAfterOverruns; i++)
        {
            var overrun = await Assert.ThrowsAsync<RoutingEvaluationException>(() => scenario.DispatchAsync(Hang()));
            Assert.Equal(RoutingEvaluationFailure.TimedOut, overrun.Failure);
        }

        var quarantined = await Assert.ThrowsAsync<RoutingEvaluationException>(() => scenario.DispatchAsync(new RoutingMessage()));

        Assert.Equal(RoutingEvaluationFailure.Quarantined, quarantined.Failure);
        Assert.Contains("quarantined", quarantined.Message, StringComparison.Ordinal);
        Assert.Contains("it was not run", quarantined.Detail, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));

        // Another group with the same function is not affected.
        var other = new Scenario(fixture.Client);
        await other.AddAsync("A");
        await other.UseAsync(ScriptedRoutingFunction.Name);
        Assert.Equal("A", (await other.DispatchAsync(new RoutingMessage())).DeliveredTo.Value);

        await scenario.UseAsync(ScriptedRoutingFunction.Name);
        var after = await scenario.DispatchAsync(new RoutingMessage());
        Assert.Equal("A", after.DeliveredTo.Value);
    }
}
