using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>
/// A slow but legal routing function keeps the group busy past a group call's timeout, so
/// routing calls are answered late and sent again: no dispatch may wait on its own claim, and no
/// late answer may leave a lease behind.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SlowRoutingTests(SlowRoutingClusterFixture fixture) : IClassFixture<SlowRoutingClusterFixture>
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Nine_concurrent_dispatches_through_a_slow_function_all_deliver_in_about_its_serial_time()
    {
        await scenario.AddAsync("A");
        await scenario.AddAsync("B");
        await scenario.UseAsync(SlowRoutingFunction.Name);
        var runsBefore = SlowRoutingFunction.Runs;
        var clock = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => scenario.DispatchAsync(new RoutingMessage($"m{i}"))));
        var took = clock.Elapsed;

        Assert.All(outcomes, o => Assert.False(o.Replayed));
        // One run per dispatch: a call sent again after the group call timeout got the answer
        // already decided, instead of a second decision and a second lease.
        Assert.Equal(9, SlowRoutingFunction.Runs - runsBefore);
        // The serial time is 9 x 0.8 s = 7.2 s; waiting on a claim would add the attempt timeout (10 s).
        var serial = 9 * SlowRoutingFunction.Takes;
        Assert.True(took < serial + (SlowRoutingClusterFixture.AttemptTimeout / 2), $"took {took}, serial time {serial}");
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "every lease released (a lease left behind never is; the release is one-way)");
    }

    [Fact]
    public async Task A_dispatch_cancelled_during_its_first_routing_call_gives_its_claim_and_lease_back_at_once()
    {
        await scenario.AddAsync("A");
        await scenario.UseAsync(SlowRoutingFunction.Name);
        var message = new RoutingMessage("cancelled");
        using var cancel = new CancellationTokenSource();
        using var routing = CallWatch.For(fixture.Client.GetGrain<Orleans.Dispatch.Group.IConsumerGroupRouterGrain>(scenario.Group), nameof(Orleans.Dispatch.Group.IConsumerGroupRouterGrain.Decide));

        var dispatch = scenario.DispatchAsync(message, cancel.Token);
        await routing.StartedAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);
        var clock = Stopwatch.StartNew();
        var repeat = await scenario.DispatchAsync(message);

        Assert.Equal("A", repeat.DeliveredTo.Value);
        Assert.False(repeat.Replayed);
        // A claim left to expire would hold the repeat for the attempt timeout plus the grace (over 10 s).
        Assert.True(clock.Elapsed < SlowRoutingClusterFixture.AttemptTimeout / 2, $"the repeat waited {clock.Elapsed}");
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "no lease left behind");
    }
}
