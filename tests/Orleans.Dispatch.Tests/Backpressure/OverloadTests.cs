using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Backpressure;

/// <summary>Past <c>MaxWaitingPerGroup</c> a dispatch fails at once with <see cref="GroupOverloadedException"/>: flow control, not a dead letter.</summary>
[Trait("Category", "Cluster")]
public sealed class OverloadTests(SmallLineClusterFixture fixture) : IClassFixture<SmallLineClusterFixture>
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Past_the_limit_dispatches_fail_fast_as_overloaded_are_not_dead_lettered_and_the_waiting_ones_deliver()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior, maxInFlight: 1);
        await scenario.UseAsync("first-available");
        var held = scenario.DispatchAsync(new RoutingMessage("m0"));
        await gate.ArrivedAsync();
        var waiting = new[] { scenario.DispatchAsync(new RoutingMessage("m1")), scenario.DispatchAsync(new RoutingMessage("m2")) };
        await Eventually.HoldsAsync(async () => (await scenario.GroupGrain.GetSnapshot()).Waiting == SmallLineClusterFixture.MaxWaiting, what: "the line full");

        var overloaded = await Assert.ThrowsAsync<GroupOverloadedException>(() => scenario.DispatchAsync(new RoutingMessage("m3")));
        var retried = fixture.Client.DispatchWithRetriesAsync(scenario.Group, new RoutingMessage("m4"));
        gate.Open();
        await Task.WhenAll([held, .. waiting, retried]).WaitAsync(TestSettings.Patience);

        Assert.Equal(SmallLineClusterFixture.MaxWaiting, overloaded.Waiting);
        Assert.Equal(SmallLineClusterFixture.MaxWaiting, overloaded.Limit);
        Assert.Empty(await scenario.DeadLetters.List());
        Assert.False((await retried).Replayed);
        // Not remembered either: the same message, sent again, is delivered.
        Assert.False((await scenario.DispatchAsync(new RoutingMessage("m3"))).Replayed);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], scenario.ReceivedBy("A").Select(m => m.Id).Order(StringComparer.Ordinal));
        // The group's activity counts each refusal as a failure of its kind (the retrying client's too).
        var activity = await scenario.GroupGrain.GetActivity(60);
        Assert.True(activity.Seconds.Sum(s => s.Failures.GetValueOrDefault(nameof(GroupOverloadedException))) >= 1);
    }
}
