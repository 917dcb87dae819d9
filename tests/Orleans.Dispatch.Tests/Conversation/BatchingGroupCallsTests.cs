using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.Group.Calls;
using Orleans.Runtime;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.GroupCalls;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>How a silo's calls to a group are batched: what goes in one message, when, and what a failed batch does, on fake time.</summary>
[Trait("Category", "Unit")]
public sealed class BatchingGroupCallsTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { GroupCallTimeout = TimeSpan.FromSeconds(5) };
    private readonly HeldRouter router = new();
    private readonly BatchingGroupCalls calls;

    public BatchingGroupCallsTests() => calls = new BatchingGroupCalls("group", router.Grain, options, time);

    [Fact]
    public async Task A_routing_call_with_nothing_in_flight_goes_at_once_alone()
    {
        var route = calls.Route(Request("m1"), CancellationToken.None);

        var sent = await router.NextAsync();
        sent.AnswerAll(RouteAgain.Instance);

        Assert.Equal(["route:m1"], sent.Names);
        Assert.Same(RouteAgain.Instance, await route.WaitAsync(TestSettings.Patience));
    }

    [Fact]
    public async Task An_end_with_nothing_in_flight_waits_the_linger_for_a_routing_call_then_goes_one_way()
    {
        await calls.Complete("m1", Guid.NewGuid(), 1, null);
        await calls.Complete("m2", Guid.NewGuid(), 2, null);
        time.Advance(BatchingGroupCalls.EndLinger - OneTick);
        var early = router.HasSent;
        time.Advance(OneTick);

        var sent = await router.NextAsync();

        Assert.False(early);
        Assert.Null(sent.Answer);
        Assert.Equal(["end:m1", "end:m2"], sent.Names);
    }

    [Fact]
    public async Task An_end_rides_with_the_next_routing_call_and_the_linger_then_sends_nothing()
    {
        await calls.Complete("m1", Guid.NewGuid(), 1, null);
        var route = calls.Route(Request("m2"), CancellationToken.None);
        var sent = await router.NextAsync();
        sent.AnswerAll(RouteAgain.Instance);
        await route.WaitAsync(TestSettings.Patience);
        time.Advance(BatchingGroupCalls.EndLinger);

        Assert.NotNull(sent.Answer);
        Assert.Equal(["end:m1", "route:m2"], sent.Names);
        Assert.False(router.HasSent);
    }

    [Fact]
    public async Task Calls_made_while_a_batch_is_in_flight_go_together_in_order_when_it_returns()
    {
        var first = calls.Route(Request("m1"), CancellationToken.None);
        var inFlight = await router.NextAsync();
        await calls.Complete("m0", Guid.NewGuid(), 1, null);
        var second = calls.Route(Request("m2"), CancellationToken.None);
        var third = calls.Route(Request("m3"), CancellationToken.None);
        var queuedMeanwhile = router.HasSent;

        inFlight.AnswerAll(RouteAgain.Instance);
        var next = await router.NextAsync();
        next.AnswerAll(RouteAgain.Instance);

        Assert.False(queuedMeanwhile);
        Assert.Equal(["end:m0", "route:m2", "route:m3"], next.Names);
        await Task.WhenAll(first, second, third).WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public async Task A_routing_call_cancelled_in_a_batch_in_flight_ends_at_once_and_the_others_get_their_answers()
    {
        using var dispatch = new CancellationTokenSource();
        var cancelled = calls.Route(Request("m1"), dispatch.Token);
        var kept = calls.Route(Request("m2"), CancellationToken.None);
        var first = await router.NextAsync();

        await dispatch.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestSettings.Patience));
        first.AnswerAll(RouteAgain.Instance);
        var second = await router.NextAsync();
        second.AnswerAll(RouteAgain.Instance);

        Assert.Equal(["route:m1"], first.Names);
        Assert.Equal(["route:m2"], second.Names);
        Assert.Same(RouteAgain.Instance, await kept.WaitAsync(TestSettings.Patience));
    }

    [Fact]
    public async Task A_batch_unanswered_within_the_group_call_timeout_fails_its_routing_calls_and_its_ends_go_again_once()
    {
        await calls.Complete("m0", Guid.NewGuid(), 1, null);
        var lost = calls.Route(Request("m1"), CancellationToken.None);
        var unanswered = await router.NextAsync();
        time.Advance(options.GroupCallTimeout - OneTick);
        var early = lost.IsCompleted;
        time.Advance(OneTick);

        await Assert.ThrowsAsync<TimeoutException>(() => lost.WaitAsync(TestSettings.Patience));
        var again = calls.Route(Request("m1"), CancellationToken.None);
        var resent = await router.NextAsync();
        resent.AnswerAll(RouteAgain.Instance);
        unanswered.AnswerAll(new NoConsumer("f", "late")); // a late answer to the batch given up on changes nothing

        Assert.False(early);
        Assert.Equal(["end:m0", "route:m1"], unanswered.Names);
        Assert.Equal(["end:m0", "route:m1"], resent.Names);
        Assert.Same(RouteAgain.Instance, await again.WaitAsync(TestSettings.Patience));
    }

    [Fact]
    public async Task An_end_whose_batch_failed_twice_is_left_to_its_leases_expiry()
    {
        await calls.Complete("m0", Guid.NewGuid(), 1, null);
        var first = calls.Route(Request("m1"), CancellationToken.None);
        (await router.NextAsync()).Answer!.SetException(new SiloUnavailableException("the group's silo is gone"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => first.WaitAsync(TestSettings.Patience));
        var second = calls.Route(Request("m1"), CancellationToken.None);
        var withEndAgain = await router.NextAsync();
        withEndAgain.Answer!.SetException(new SiloUnavailableException("the group's silo is gone"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => second.WaitAsync(TestSettings.Patience));
        var third = calls.Route(Request("m1"), CancellationToken.None);
        var withoutEnd = await router.NextAsync();
        withoutEnd.AnswerAll(RouteAgain.Instance);

        Assert.Equal(["end:m0", "route:m1"], withEndAgain.Names);
        Assert.Equal(["route:m1"], withoutEnd.Names);
        await third.WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public async Task A_failure_report_waits_for_the_groups_answer_on_whether_the_dispatch_held_its_message_id()
    {
        var held = calls.RecordFailure("m1", Guid.NewGuid(), 1, new OutcomeRecord("m1", Guid.Empty, null, null));
        var notHeld = calls.RecordFailure("m2", Guid.NewGuid(), 2, new OutcomeRecord("m2", Guid.Empty, null, null));
        var first = await router.NextAsync();
        first.Answer!.SetResult(new AnswerBatch([Ended.HeldIt]));
        var second = await router.NextAsync();
        second.Answer!.SetResult(new AnswerBatch([Ended.DidNotHoldIt]));

        Assert.True(await held.WaitAsync(TestSettings.Patience));
        Assert.False(await notHeld.WaitAsync(TestSettings.Patience));
    }

    private static RouteRequest Request(string id)
    {
        var message = new RoutingMessage(id);
        return new RouteRequest(message, null, [], 0, message.ContentFingerprint(), Guid.NewGuid(), 1, TestSilos.Elsewhere);
    }
}
