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

    [Fact]
    public async Task The_dispatch_fails_exactly_at_the_dispatch_timeout_with_the_crashes_so_far()
    {
        HeldConsumer[] silent = [HeldConsumer.Hanging(), HeldConsumer.Hanging(), HeldConsumer.Hanging()];

        var run = Run(silent);
        await silent[0].CalledAsync();
        time.Advance(options.AttemptTimeout);
        await silent[1].CalledAsync();
        time.Advance(options.AttemptTimeout);
        await silent[2].CalledAsync();
        time.Advance(options.DispatchTimeout - (2 * options.AttemptTimeout) - OneTick);
        Assert.False(run.IsCompleted);
        time.Advance(OneTick);
        var failure = await Assert.ThrowsAsync<DispatchExhaustedException>(() => run.WaitAsync(TestSettings.Patience));

        Assert.Equal(DispatchLimit.DispatchTimeout, failure.Limit);
        Assert.Equal(["c0", "c1"], failure.ReroutedFrom.Select(c => c.Value));
        Assert.Equal([Start + options.AttemptTimeout, Start + (2 * options.AttemptTimeout)], failure.Crashes.Select(c => c.CrashObservedAt));
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
}
