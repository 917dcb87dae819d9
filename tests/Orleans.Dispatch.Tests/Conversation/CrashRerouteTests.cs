using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>Behaviours 5 and 6: a crash of any kind reroutes with the consumer excluded, and the chain is reported.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class CrashRerouteTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private static RoutingMessage RealMessage() =>
        new RoutingMessage()
            .With("tenant", FieldValue.Text("acme"))
            .With("size", FieldValue.Integer(42))
            .With("ratio", FieldValue.Float(0.25))
            .With("urgent", FieldValue.Boolean(true))
            .With("note", FieldValue.Null)
            .WithPayload([0xDE, 0xAD, 0xBE, 0xEF]);

    [Fact]
    public async Task A_consumer_that_throws_is_excluded_and_the_backup_receives_the_real_message()
    {
        await scenario.AddAsync("A", Behave.Throw("disk full"));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        var message = RealMessage();

        var outcome = await scenario.DispatchAsync(message);

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.False(outcome.DeliveredFirstTry);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        var timing = Assert.Single(outcome.Crashes);
        Assert.Equal("A", timing.Consumer.Value);
        Assert.Contains("disk full", timing.Failure, StringComparison.Ordinal);
        Assert.True(timing.RerouteStartedAt >= timing.CrashObservedAt);
        Assert.True(timing.DetectionToReroute >= TimeSpan.Zero);
        var received = Assert.Single(scenario.ReceivedBy("B"));
        Assert.Equal(message, received);
        Assert.Equal(message.Payload.ToArray(), received.Payload.ToArray());
        Assert.Equal(message.Fields, received.Fields);
    }

    [Fact]
    public async Task A_consumer_whose_activation_fails_is_a_crash()
    {
        var failing = fixture.Client.GetGrain<IActivationFailingConsumerGrain>(scenario.KeyOf("A"));
        await scenario.GroupGrain.AddConsumer(new ConsumerRegistration(new ConsumerId("A"), failing));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        var message = RealMessage();

        var outcome = await scenario.DispatchAsync(message);

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        Assert.Contains("activation refused by the test", outcome.Crashes[0].Failure, StringComparison.Ordinal);
        Assert.Empty(scenario.ReceivedBy("A"));
        Assert.Equal([message], scenario.ReceivedBy("B"));
    }

    [Fact]
    public async Task A_consumer_that_does_not_answer_within_the_attempt_timeout_is_a_crash_and_its_token_is_cancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await scenario.AddAsync("A", Behave.HangUntilCancelled(cancelled));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var outcome = await scenario.DispatchAsync(RealMessage());

        // When exactly the attempt times out is tested on fake time (ConversationTimingTests).
        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        Assert.Contains("attempt timeout", outcome.Crashes[0].Failure, StringComparison.Ordinal);
        await cancelled.Task.Within();
    }

    [Fact]
    public async Task A_consumer_that_ignores_its_token_and_hangs_is_abandoned_at_the_attempt_timeout()
    {
        await scenario.AddAsync("A", Behave.IgnoreAndHang);
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var outcome = await scenario.DispatchAsync(RealMessage());

        Assert.Equal("B", outcome.DeliveredTo.Value);
        Assert.Equal([new ConsumerId("A")], outcome.ReroutedFrom);
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task When_every_consumer_crashes_the_dispatch_fails_with_NoConsumerAvailable_carrying_the_chain()
    {
        await scenario.AddAsync("A", Behave.Throw("A down"));
        await scenario.AddAsync("B", Behave.Throw("B down"));
        await scenario.UseAsync("first-available");
        var message = RealMessage();

        var error = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(message));

        Assert.Equal([new ConsumerId("A"), new ConsumerId("B")], error.ReroutedFrom);
        Assert.Contains("A down", error.Crashes[0].Failure, StringComparison.Ordinal);
        Assert.Contains("B down", error.Crashes[1].Failure, StringComparison.Ordinal);
        Assert.Contains("excluded after crashing", error.Reason, StringComparison.Ordinal);
        Assert.Contains("A down", error.Message, StringComparison.Ordinal);
        Assert.Equal([message], scenario.ReceivedBy("A"));
        Assert.Equal([message], scenario.ReceivedBy("B"));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task MaxAttempts_reached_fails_with_DispatchExhausted_carrying_the_chain()
    {
        foreach (var id in new[] { "A", "B", "C", "D" })
        {
            await scenario.AddAsync(id, Behave.Throw());
        }

        await scenario.UseAsync("first-available");

        var error = await Assert.ThrowsAsync<DispatchExhaustedException>(() => scenario.DispatchAsync(new RoutingMessage()));

        Assert.Equal(DispatchLimit.MaxAttempts, error.Limit);
        Assert.Equal(["A", "B", "C"], error.ReroutedFrom.Select(c => c.Value));
        Assert.Equal(TestSettings.MaxAttempts, error.Crashes.Count);
        Assert.Empty(scenario.ReceivedBy("D"));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero (the release is one-way)");
    }

    [Fact]
    public async Task DispatchTimeout_reached_fails_with_DispatchExhausted_carrying_the_chain_not_a_bare_timeout()
    {
        // Three attempts of 2 s cannot fit in a 5 s dispatch: the third is cut off by the dispatch timeout.
        foreach (var id in new[] { "A", "B", "C" })
        {
            await scenario.AddAsync(id, Behave.IgnoreAndHang);
        }

        await scenario.UseAsync("first-available");

        var error = await Assert.ThrowsAsync<DispatchExhaustedException>(() => scenario.DispatchAsync(new RoutingMessage()));

        // When exactly the dispatch times out is tested on fake time (ConversationTimingTests).
        Assert.Equal(DispatchLimit.DispatchTimeout, error.Limit);
        Assert.Equal(["A", "B"], error.ReroutedFrom.Select(c => c.Value));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero");
    }

    [Fact]
    public async Task Cancelling_the_dispatch_cancels_the_attempt_in_flight_and_ends_with_OperationCanceled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await scenario.AddAsync("A", Behave.HangUntilCancelled(cancelled));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        using var cts = new CancellationTokenSource();

        var dispatch = scenario.DispatchAsync(new RoutingMessage(), cts.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(scenario.ReceivedBy("A").Count == 1), what: "A received the message");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch.Within());
        await cancelled.Task.Within();
        Assert.Empty(scenario.ReceivedBy("B"));
        await Eventually.HoldsAsync(scenario.NothingInFlightAsync, what: "in-flight back to zero");
    }
}
