using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Conversation;
using Orleans.Dispatch.Diagnostics;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Fakes;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Conversation;

/// <summary>The dispatch loop's limits, on fake time: each fires at its instant, not before.</summary>
public sealed class ConversationTimingTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddDispatch().BuildServiceProvider();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new(Start);
    private readonly DispatchOptions options = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        DispatchTimeout = TimeSpan.FromSeconds(25),
        MaxAttempts = 10,
    };

    private Task<ConversationResult> Run(params HeldConsumer[] consumers)
    {
        var table = new ConsumerTable();
        for (var i = 0; i < consumers.Length; i++)
        {
            table.AddOrUpdate(new ConsumerId($"c{i}"), consumers[i].Grain, 10, []);
        }

        var group = new RouterOverGroup(table, Services.GetRequiredService<RoutingFunctionRegistry>(), "first-available", options, time);
        var services = new ConversationServices(options, time, Services.GetRequiredService<DispatchMetrics>(), NullLogger.Instance, TestSilos.Elsewhere, null);
        return new DispatchConversation("g", new RoutingMessage("m"), GrainFake.Over<IConsumerGroupRouterGrain>(group), services).RunAsync(handOffOnCrash: false);
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
        var outcome = (await run.WaitAsync(TestSettings.Patience)).Outcome!;

        Assert.Equal("c1", outcome.DeliveredTo.Value);
        var crash = Assert.Single(outcome.RerouteTimings);
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

        var outcome = (await Run([.. gone, new HeldConsumer()]).WaitAsync(TestSettings.Patience)).Outcome!;
        var exhausted = await Assert.ThrowsAsync<DispatchExhaustedException>(() => Run([.. throwing, new HeldConsumer()]).WaitAsync(TestSettings.Patience));

        Assert.Equal("c4", outcome.DeliveredTo.Value);
        Assert.Equal(4, outcome.ReroutedFrom.Count);
        Assert.Equal(DispatchLimit.MaxAttempts, exhausted.Limit);
        Assert.Equal(["c0", "c1"], exhausted.ReroutedFrom.Select(c => c.Value));
    }
}
