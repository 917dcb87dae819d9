using System.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>Dispatch is idempotent by message id: repeats share the first dispatch's outcome and never deliver again.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class IdempotencyTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private static RoutingMessage Message(string id) =>
        new RoutingMessage(id).With("tenant", FieldValue.Text("acme")).WithPayload([1, 2, 3]);

    [Fact]
    public async Task A_repeat_after_delivery_returns_the_recorded_outcome_without_delivering_again()
    {
        await scenario.AddAsync("A", Behave.Throw("first one down"));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        var message = Message("order-1");

        var first = await scenario.DispatchAsync(message);
        var repeat = await scenario.DispatchAsync(Message("order-1"));

        Assert.Equal("B", first.DeliveredTo.Value);
        Assert.Equal(first.DeliveredTo, repeat.DeliveredTo);
        Assert.Equal(first.ReroutedFrom, repeat.ReroutedFrom);
        Assert.Equal(first.Crashes.Single().CrashObservedAt, repeat.Crashes.Single().CrashObservedAt);
        Assert.Single(scenario.ReceivedBy("A"));
        Assert.Single(scenario.ReceivedBy("B"));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task A_repeat_while_the_dispatch_runs_waits_for_it_and_shares_its_outcome()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        var message = Message("order-2");

        var first = scenario.DispatchAsync(message);
        await gate.ArrivedAsync();
        var repeat = scenario.DispatchAsync(Message("order-2"));
        Assert.False(repeat.IsCompleted);
        gate.Open();

        var outcomes = await TaskDeadline.Within(Task.WhenAll(first, repeat), TestSettings.Patience);
        Assert.All(outcomes, o => Assert.Equal("A", o.DeliveredTo.Value));
        Assert.Single(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task The_same_id_with_different_content_is_rejected_while_the_dispatch_runs_and_after_it_ended()
    {
        var gate = new Gate();
        await scenario.AddAsync("A", gate.Behavior);
        var first = scenario.DispatchAsync(Message("order-3"));
        await gate.ArrivedAsync();

        var during = await Assert.ThrowsAsync<ArgumentException>(() => scenario.DispatchAsync(Message("order-3").With("tenant", FieldValue.Text("other"))));
        gate.Open();
        await first;
        var after = await Assert.ThrowsAsync<ArgumentException>(() => scenario.DispatchAsync(Message("order-3").WithPayload([9])));

        Assert.Contains("order-3", during.Message, StringComparison.Ordinal);
        Assert.Contains("different fields or payload", after.Message, StringComparison.Ordinal);
        Assert.Single(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_repeat_of_a_failed_dispatch_fails_the_same_way_even_once_a_consumer_is_there()
    {
        await scenario.GroupGrain.SetRoutingFunction("round-robin");

        var first = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(Message("order-4")));
        await scenario.AddAsync("A");
        var repeat = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(Message("order-4")));
        var fresh = await scenario.DispatchAsync(Message("order-5"));

        Assert.Equal(first.Reason, repeat.Reason);
        Assert.Equal("A", fresh.DeliveredTo.Value);
        Assert.Equal(["order-5"], scenario.ReceivedBy("A").Select(m => m.Id));
    }

    [Fact]
    public async Task The_same_id_in_another_group_is_a_different_message()
    {
        var other = new Scenario(fixture.Client);
        await scenario.AddAsync("A");
        await other.AddAsync("A");

        await scenario.DispatchAsync(Message("order-6"));
        await other.DispatchAsync(Message("order-6"));

        Assert.Single(scenario.ReceivedBy("A"));
        Assert.Single(other.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_repeat_whose_owner_was_lost_waits_for_the_claim_to_expire_then_delivers()
    {
        // A dispatch that took its message id and was lost with its silo: it never reports back.
        await scenario.AddAsync("A");
        var message = Message("order-7");
        var router = fixture.Client.GetGrain<IConsumerGroupRouterGrain>(scenario.Group);
        var claim = await router.Route(new RouteRequest(message.WithoutPayload(), null, [], 0, message.ContentFingerprint(), Guid.NewGuid(), 1, TestSilos.Elsewhere));
        Assert.IsType<Granted>(claim);

        // The repeat's own dispatch timeout covers the claim's lifetime; how long a claim lasts is tested on fake time (GroupTimingTests).
        var outcome = await scenario.DispatchAsync(Message("order-7"));

        Assert.Equal("A", outcome.DeliveredTo.Value);
        Assert.Single(scenario.ReceivedBy("A"));
    }

    [Fact]
    public async Task A_cancelled_dispatch_leaves_no_record_and_a_repeat_delivers()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await scenario.AddAsync("A", Behave.HangUntilCancelled(cancelled));
        using var cts = new CancellationTokenSource();
        var first = scenario.DispatchAsync(Message("order-8"), cts.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(scenario.ReceivedBy("A").Count == 1), what: "A received the message");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Within());
        await cancelled.Task.Within();
        ConsumerScript.Set(scenario.KeyOf("A"), Behave.Acknowledge);

        var repeat = await scenario.DispatchAsync(Message("order-8")).Within();

        Assert.Equal("A", repeat.DeliveredTo.Value);
        Assert.Equal(2, scenario.ReceivedBy("A").Count);
    }
}
