using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Dispatch.Tests.Support.Groups;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>The dispatch loop's limits, on fake time: each fires at its instant, not before.</summary>
[Trait("Category", "Unit")]
public sealed class ConversationTimingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new(Start);
    private readonly DispatchOptions options = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        DispatchTimeout = TimeSpan.FromSeconds(25),
        MaxAttempts = 10,
    };

    private Task<DispatchOutcome> Run(params HeldConsumer[] consumers)
    {
        var group = new LocalGroup(options, time, "first-available");
        for (var i = 0; i < consumers.Length; i++)
        {
            group.Add($"c{i}", consumers[i]);
        }

        return group.DispatchAsync(new RoutingMessage("m"));
    }

    [Fact]
    public async Task A_silent_consumer_is_a_crash_exactly_at_the_attempt_timeout()
    {
        var silent = HeldConsumer.Hanging();
        var next = new HeldConsumer();

        var run = Run(silent, next);
        await silent.CalledAsync();
        time.Advance(options.AttemptTimeout - OneTick);
        Assert.False(run.IsCompleted);
        Assert.Equal(0, next.Calls);
        time.Advance(OneTick);
        var outcome = await run.WaitAsync(TestSettings.Patience);

        Assert.Equal("c1", outcome.DeliveredTo.Value);
        var crash = Assert.Single(outcome.Crashes);
        Assert.Equal(Start + options.AttemptTimeout, crash.CrashObservedAt);
        Assert.Contains("attempt timeout", crash.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dispatch_fails_exactly_at_the_dispatch_timeout_with_the_crashes_so_far(bool crashFirst)
    {
        // With a crash first, the attempts after it still time out at their own timeout, and the
        // run at its deadline: the crash gave the run's one source back to the deadline.
        HeldConsumer[] silent = [HeldConsumer.Hanging(), HeldConsumer.Hanging(), HeldConsumer.Hanging()];
        HeldConsumer[] consumers = crashFirst ? [HeldConsumer.Throwing(new InvalidOperationException("consumer failure")), .. silent] : silent;

        var run = Run(consumers);
        await silent[0].CalledAsync();
        time.Advance(options.AttemptTimeout);
        await silent[1].CalledAsync();
        time.Advance(options.AttemptTimeout);
        await silent[2].CalledAsync();
        time.Advance(options.DispatchTimeout - (2 * options.AttemptTimeout) - OneTick);
        Assert.False(run.IsCompleted);
        time.Advance(OneTick);
        var failure = await Assert.ThrowsAsync<DispatchExhaustedException>(() => run.WaitAsync(TestSettings.Patience));

        DateTimeOffset[] timedOut = [Start + options.AttemptTimeout, Start + (2 * options.AttemptTimeout)];
        Assert.Equal(DispatchLimit.DispatchTimeout, failure.Limit);
        Assert.Equal(crashFirst ? ["c0", "c1", "c2"] : ["c0", "c1"], failure.ReroutedFrom.Select(c => c.Value));
        Assert.Equal(crashFirst ? [Start, .. timedOut] : timedOut, failure.Crashes.Select(c => c.CrashObservedAt));
    }

    [Fact]
    public async Task A_caller_cancelling_during_an_attempt_ends_the_dispatch_cancelled_not_as_a_crash()
    {
        var group = new LocalGroup(options, time, "first-available");
        var silent = HeldConsumer.Hanging();
        var next = new HeldConsumer();
        group.Add("c0", silent);
        group.Add("c1", next);
        using var caller = new CancellationTokenSource();

        var run = group.DispatchAsync(new RoutingMessage("m"), cancellationToken: caller.Token);
        await silent.CalledAsync();
        time.Advance(options.AttemptTimeout / 2);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestSettings.Patience));
        Assert.Equal(0, next.Calls);
        Assert.Empty(group.DeadLetters);
    }

    [Fact]
    public async Task Calls_refused_because_a_consumers_silo_is_gone_do_not_use_up_MaxAttempts()
    {
        options.MaxAttempts = 2;
        HeldConsumer[] gone = [.. Enumerable.Range(0, 4).Select(_ => HeldConsumer.Throwing(new SiloUnavailableException("the consumer's silo is gone")))];
        HeldConsumer[] throwing = [.. Enumerable.Range(0, 4).Select(_ => HeldConsumer.Throwing(new InvalidOperationException("consumer failure")))];

        var outcome = await Run([.. gone, new HeldConsumer()]).WaitAsync(TestSettings.Patience);
        var exhausted = await Assert.ThrowsAsync<DispatchExhaustedException>(() => Run([.. throwing, new HeldConsumer()]).WaitAsync(TestSettings.Patience));

        Assert.Equal("c4", outcome.DeliveredTo.Value);
        Assert.Equal(4, outcome.ReroutedFrom.Count);
        Assert.Equal(DispatchLimit.MaxAttempts, exhausted.Limit);
        Assert.Equal(["c0", "c1"], exhausted.ReroutedFrom.Select(c => c.Value));
    }

    [Fact]
    public async Task A_dispatch_whose_silo_slept_through_its_deadline_ends_with_delivery_unknown_and_keeps_no_dead_letter()
    {
        var group = new LocalGroup(options, time, "first-available");
        var hanging = HeldConsumer.Hanging();
        group.Add("c0", hanging);

        var run = group.DispatchAsync(new RoutingMessage("m"));
        await hanging.CalledAsync();
        time.Advance(options.DispatchTimeout + TimeSpan.FromSeconds(20)); // one jump: no timer ran between
        var unknown = await Assert.ThrowsAsync<DispatchConversationException>(() => run.WaitAsync(TestSettings.Patience));
        await group.SettledAsync();

        Assert.Contains("did not run", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(group.DeadLetters);
        Assert.False(group.Dispatcher.HoldsAnything);
    }

    [Fact]
    public async Task A_dispatch_that_lost_its_message_id_while_it_ran_ends_with_delivery_unknown_and_leaves_the_other_dispatchs_record()
    {
        options.MaxAttempts = 1;
        var silo = Orleans.Runtime.SiloAddress.New(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 12), int.MaxValue);
        var dead = false;
        var group = new LocalGroup(options, time, "first-available", isDead: s => dead && s == silo);
        var release = new TaskCompletionSource();
        var held = new HeldConsumer(_ => release.Task);
        group.Add("c0", held);
        group.Add("c1", new HeldConsumer());
        var message = new RoutingMessage("m");

        // The first dispatch runs on a silo that is then declared dead; a repeat takes the id over and delivers.
        var first = group.DispatchAsync(message, silo);
        await held.CalledAsync();
        dead = true;
        await group.SweepAsync();
        group.Consumers.Find(new ConsumerId("c0"))!.MaxInFlight = 0;
        var repeat = await group.DispatchAsync(message).WaitAsync(TestSettings.Patience);
        release.SetException(new InvalidOperationException("crashed after its dispatch had lost the id"));
        var unknown = await Assert.ThrowsAsync<DispatchConversationException>(() => first.WaitAsync(TestSettings.Patience));
        var again = await group.DispatchAsync(message).WaitAsync(TestSettings.Patience);

        Assert.Equal("c1", repeat.DeliveredTo.Value);
        Assert.Contains("lost the message id", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(group.DeadLetters);
        Assert.True(again.Replayed);
        Assert.Equal("c1", again.DeliveredTo.Value);
    }

    [Fact]
    public async Task An_attempt_whose_timeout_fired_late_reads_the_answer_that_came_meanwhile()
    {
        var group = new LocalGroup(options, time, "first-available");
        var slow = new HeldConsumer(_ => Task.Delay(options.AttemptTimeout + TimeSpan.FromSeconds(1), time, CancellationToken.None)); // it does not stop when told
        var next = new HeldConsumer();
        group.Add("c0", slow);
        group.Add("c1", next);

        var run = group.DispatchAsync(new RoutingMessage("m"));
        await slow.CalledAsync();
        time.Advance(options.AttemptTimeout + TimeSpan.FromSeconds(3)); // the silo slept past the attempt timeout; the consumer answered at 11 s
        var outcome = await run.WaitAsync(TestSettings.Patience);

        Assert.Equal("c0", outcome.DeliveredTo.Value);
        Assert.Empty(outcome.Crashes);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task A_repeat_of_a_failed_message_throws_a_copy_of_the_recorded_failure_each_time()
    {
        var group = new LocalGroup(options, time, "first-available");
        var message = new RoutingMessage("m");

        var failure = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => group.DispatchAsync(message).WaitAsync(TestSettings.Patience));
        await group.SettledAsync();
        var replays = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Assert.ThrowsAsync<NoConsumerAvailableException>(() => group.DispatchAsync(message).WaitAsync(TestSettings.Patience))));

        Assert.NotSame(replays[0], replays[1]);
        Assert.All(replays, replay => Assert.NotSame(failure, replay));
        Assert.All(replays, replay => Assert.Equal(failure.Message, replay.Message));
        Assert.Single(group.DeadLetters);
    }
}
