using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;
using Orleans.Dispatch.Tests.Support.Functions;

namespace Orleans.Dispatch.Tests.Backpressure;

/// <summary>A dispatch that finds every candidate at capacity waits in its group's line, fairly, and is granted as soon as room appears.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class WaitingLineTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private async Task<int> WaitingAsync() => (await scenario.GroupGrain.GetSnapshot()).Waiting;

    private async Task WaitingReachesAsync(int count) => await
        Eventually.HoldsAsync(async () => await WaitingAsync() == count, what: $"{count} dispatch(es) waiting");

    /// <summary>A consumer that takes <paramref name="work"/> per message and records the most messages it held at once.</summary>
    private static ConsumerBehavior Busy(TimeSpan work, int[] most) => async call =>
    {
        var now = Interlocked.Increment(ref most[1]);
        InterlockedMax(ref most[0], now);
        try
        {
            await Task.Delay(work, call.Token);
        }
        finally
        {
            Interlocked.Decrement(ref most[1]);
        }
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task Ten_dispatches_to_two_one_slot_consumers_all_deliver_and_no_consumer_holds_two()
    {
        int[] a = [0, 0], b = [0, 0];
        await scenario.AddAsync("A", Busy(TimeSpan.FromMilliseconds(150), a), maxInFlight: 1);
        await scenario.AddAsync("B", Busy(TimeSpan.FromMilliseconds(150), b), maxInFlight: 1);
        await scenario.UseAsync("round-robin");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => scenario.DispatchAsync(new RoutingMessage($"m{i}"))));

        Assert.Equal(10, outcomes.Length);
        Assert.Equal(1, a[0]);
        Assert.Equal(1, b[0]);
        Assert.Contains(outcomes, o => o.WaitedFor > TimeSpan.Zero);
        await Eventually.HoldsAsync(async () => await scenario.NothingInFlightAsync() && await WaitingAsync() == 0, what: "nothing in flight or waiting");
    }

    [Fact]
    public async Task Waiters_are_granted_in_the_order_they_reached_the_group()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", call => call.Message.Id == "m0" ? gate.Behavior(call) : Task.CompletedTask, maxInFlight: 1);
        await scenario.UseAsync("first-available");
        var first = scenario.DispatchAsync(new RoutingMessage("m0"));
        await gate.ArrivedAsync();

        var waiting = new List<Task<DispatchOutcome>>();
        for (var i = 1; i <= 5; i++)
        {
            waiting.Add(scenario.DispatchAsync(new RoutingMessage($"m{i}")));
            await WaitingReachesAsync(i);
        }

        gate.Open();
        await Task.WhenAll([first, .. waiting]).WaitAsync(TestSettings.Patience);

        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], scenario.ReceivedBy("A").Select(m => m.Id));
    }

    [Fact]
    public async Task A_waiter_for_a_full_tag_does_not_hold_up_a_later_message_whose_tag_has_room()
    {
        var gate = new Gate();
        await scenario.AddAsync("E", gate.Behavior, maxInFlight: 1, tags: ["eu"]);
        await scenario.AddAsync("U", maxInFlight: 1, tags: ["us"]);
        await scenario.UseAsync("affinity:region");
        var held = scenario.DispatchAsync(new RoutingMessage("eu-1").With("region", FieldValue.Text("eu")));
        await gate.ArrivedAsync();
        var waiting = scenario.DispatchAsync(new RoutingMessage("eu-2").With("region", FieldValue.Text("eu")));
        await WaitingReachesAsync(1);

        var us = await scenario.DispatchAsync(new RoutingMessage("us-1").With("region", FieldValue.Text("us"))).WaitAsync(TestSettings.Patience);

        Assert.Equal("U", us.DeliveredTo.Value);
        Assert.False(waiting.IsCompleted);
        gate.Open();
        Assert.Equal("E", (await waiting.WaitAsync(TestSettings.Patience)).DeliveredTo.Value);
        await held;
    }

    [Fact]
    public async Task Adding_a_consumer_or_raising_MaxInFlight_grants_waiters_at_once()
    {
        Gate a = new(), b = new();
        await scenario.AddAsync("A", a.Behavior, maxInFlight: 1);
        await scenario.UseAsync("first-available");
        var held = scenario.DispatchAsync(new RoutingMessage("m0"));
        await a.ArrivedAsync();
        var second = scenario.DispatchAsync(new RoutingMessage("m1"));
        var third = scenario.DispatchAsync(new RoutingMessage("m2"));
        await WaitingReachesAsync(2);

        await scenario.AddAsync("B", b.Behavior, maxInFlight: 1);
        await b.ArrivedAsync();
        await WaitingReachesAsync(1);
        await scenario.AddAsync("A", a.Behavior, maxInFlight: 2);
        await a.ArrivedAsync();
        await WaitingReachesAsync(0);

        a.Open();
        b.Open();
        var outcomes = await Task.WhenAll(held, second, third).WaitAsync(TestSettings.Patience);
        Assert.Equal(["A", "A", "B"], outcomes.Select(o => o.DeliveredTo.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_line_at_once_and_a_waiter_past_the_dispatch_timeout_is_a_dead_letter()
    {
        // The scripted function tells messages marked "wait" to wait, whatever the capacity.
        await scenario.AddAsync("A");
        await scenario.UseAsync(ScriptedRoutingFunction.Name);
        using var cancel = new CancellationTokenSource();
        var cancelled = scenario.DispatchAsync(new RoutingMessage("m1").With("script", FieldValue.Text("wait")), cancel.Token);
        await WaitingReachesAsync(1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await WaitingReachesAsync(0);
        var timedOut = await Assert.ThrowsAsync<DispatchExhaustedException>(() => scenario.DispatchAsync(new RoutingMessage("m2").With("script", FieldValue.Text("wait"))));

        Assert.Equal(DispatchLimit.DispatchTimeout, timedOut.Limit);
        var letter = await Eventually.ValueAsync(async () => await scenario.DeadLetters.List(), l => l.Count == 1, "the timed-out waiter kept");
        Assert.Equal("m2", letter[0].Message.Id);
        Assert.Equal(0, await WaitingAsync());
        Assert.True(await scenario.NothingInFlightAsync());
        Assert.Empty(scenario.ReceivedBy("A"));
    }
}
