using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Group.Calls;
using Orleans.Dispatch.GroupCalls;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>The bounds of a silo's batches to a group, on fake time: their size, calls the group deferred, ends dropped, and one batcher per group for as long as it is used.</summary>
[Trait("Category", "Unit")]
public sealed class BatchBoundsTests
{
    private readonly FakeTimeProvider time = new();
    private readonly DispatchOptions options = new() { GroupCallTimeout = TimeSpan.FromSeconds(5) };
    private readonly HeldRouter router = new();
    private readonly string group = $"group-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_batch_carries_at_most_its_bound_of_calls_and_the_rest_goes_in_the_next()
    {
        var calls = Calls();
        var first = calls.Route(Request("m0"), CancellationToken.None);
        var inFlight = await router.NextAsync();
        var queued = Enumerable.Range(1, CallQueue.MaxEntries + 44).Select(i => calls.Route(Request($"m{i}"), CancellationToken.None)).ToList();

        inFlight.AnswerAll(RouteAgain.Instance);
        var full = await router.NextAsync();
        full.AnswerAll(RouteAgain.Instance);
        var rest = await router.NextAsync();
        rest.AnswerAll(RouteAgain.Instance);

        Assert.Equal(CallQueue.MaxEntries, full.Calls.Length);
        Assert.Equal(44, rest.Calls.Length);
        Assert.Equal("route:m1", full.Names[0]);
        Assert.Equal($"route:m{CallQueue.MaxEntries + 1}", rest.Names[0]);
        await Task.WhenAll(queued.Append(first)).WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public async Task A_batch_carries_about_its_bound_of_bytes()
    {
        var calls = Calls();
        var first = calls.Route(Request("m0"), CancellationToken.None);
        var inFlight = await router.NextAsync();
        var large = new string('x', 20_000);
        var queued = Enumerable.Range(1, 10).Select(i => calls.Route(Request($"m{i}", large), CancellationToken.None)).ToList();

        inFlight.AnswerAll(RouteAgain.Instance);
        var batches = new List<HeldRouter.Sent>();
        while (batches.Sum(b => b.Calls.Length) < 10)
        {
            var sent = await router.NextAsync();
            batches.Add(sent);
            sent.AnswerAll(RouteAgain.Instance);
        }

        Assert.True(batches.Count > 1, $"one batch of {batches[0].Calls.Length} calls of 40 KB each");
        Assert.All(batches, b => Assert.True(b.Calls.Sum(c => ((RouteCall)c).Request.Message.EstimatedFieldBytes) <= CallQueue.MaxBytes));
        await Task.WhenAll(queued.Append(first)).WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public async Task Calls_the_group_deferred_go_again_first_and_only_the_others_are_answered()
    {
        var calls = Calls();
        var first = calls.Route(Request("m1"), CancellationToken.None);
        var inFlight = await router.NextAsync();
        var deferred = calls.Route(Request("m2"), CancellationToken.None);
        var decided = calls.Route(Request("m3"), CancellationToken.None);
        inFlight.AnswerAll(RouteAgain.Instance);

        var batch = await router.NextAsync();
        batch.Answer!.SetResult(new AnswerBatch([Deferred.Instance, RouteAgain.Instance]));
        await decided.WaitAsync(TestSettings.Patience);
        var again = await router.NextAsync();
        var waitedForAgain = deferred.IsCompleted;
        again.AnswerAll(RouteAgain.Instance);

        Assert.Equal(["route:m2", "route:m3"], batch.Names);
        Assert.Equal(["route:m2"], again.Names);
        Assert.False(waitedForAgain);
        Assert.Same(RouteAgain.Instance, await deferred.WaitAsync(TestSettings.Patience));
        await first;
    }

    [Fact]
    public async Task An_end_dropped_after_two_failed_batches_is_counted()
    {
        using var dropped = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.group.ends_dropped");
        var calls = Calls();
        await calls.Complete("m0", Guid.NewGuid(), 1, null);
        for (var i = 0; i < 2; i++)
        {
            var route = calls.Route(Request("m1"), CancellationToken.None);
            (await router.NextAsync()).Answer!.SetException(new SiloUnavailableException("the group's silo is gone"));
            await Assert.ThrowsAsync<SiloUnavailableException>(() => route.WaitAsync(TestSettings.Patience));
        }

        Assert.Equal([1L], dropped.Where(DispatchTelemetry.GroupTag, group).Select(m => m.Value));
    }

    [Fact]
    public async Task A_retired_batcher_sends_its_calls_on_to_its_successor_and_is_not_retired_while_busy()
    {
        var successorRouter = new HeldRouter();
        var successor = new BatchingGroupCalls(group, successorRouter.Grain, options, time);
        var calls = new BatchingGroupCalls(group, router.Grain, options, time, LocalGroup.Metrics, () => successor);
        var busy = calls.Route(Request("m1"), CancellationToken.None);
        var inFlight = await router.NextAsync();

        Assert.False(calls.Retire(long.MaxValue));
        inFlight.AnswerAll(RouteAgain.Instance);
        await busy.WaitAsync(TestSettings.Patience);
        Assert.False(calls.Retire(time.GetTimestamp() - 1));
        Assert.True(calls.Retire(time.GetTimestamp()));

        var forwarded = calls.Route(Request("m2"), CancellationToken.None);
        var sent = await successorRouter.NextAsync();
        sent.AnswerAll(RouteAgain.Instance);
        Assert.Equal(["route:m2"], sent.Names);
        Assert.False(router.HasSent);
        await forwarded.WaitAsync(TestSettings.Patience);
    }

    [Fact]
    public void A_silo_keeps_one_batcher_per_group_while_it_is_used_and_retires_it_when_idle()
    {
        using var source = new GroupCallsSource(RouterFactory(), Options.Create(options), time);
        var used = source.For("used");
        var idle = source.For("idle");

        for (var i = 0; i < 3; i++)
        {
            time.Advance(source.IdleAfter / 2);
            _ = used.Complete("m", Guid.NewGuid(), 0, null); // keeps it in use
            time.Advance(BatchingGroupCalls.EndLinger);
            Assert.Same(used, source.For("used"));
        }

        Assert.Equal(1, source.Count);
        Assert.NotSame(idle, source.For("idle"));
    }

    private BatchingGroupCalls Calls() => new(group, router.Grain, options, time, LocalGroup.Metrics);

    private IGrainFactory RouterFactory()
    {
        var factory = DispatchProxy.Create<IGrainFactory, RouterFactoryProxy>();
        ((RouterFactoryProxy)factory).Router = router.Grain;
        return factory;
    }

    private static RouteRequest Request(string id, string? text = null)
    {
        var message = text is null ? new RoutingMessage(id) : new RoutingMessage(id).With("a", FieldValue.Text(text));
        return new RouteRequest(message, null, [], 0, message.ContentFingerprint(), Guid.NewGuid(), 1, TestSilos.Elsewhere);
    }
}
