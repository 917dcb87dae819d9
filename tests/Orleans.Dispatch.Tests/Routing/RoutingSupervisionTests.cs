using Microsoft.Extensions.DependencyInjection;
using Orleans.Dispatch.Group;
using Orleans.Dispatch.Routing;
using Orleans.Dispatch.Routing.Supervision;
using Orleans.Dispatch.Tests.Support;
using Orleans.Hosting;
using Orleans.Dispatch.Group.Decisions;

namespace Orleans.Dispatch.Tests.Routing;

/// <summary>The routing timeout and the quarantine, on fake time.</summary>
[Trait("Category", "Unit")]
public sealed class RoutingSupervisionTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);
    private readonly TimerWatchingTimeProvider time = new();

    [Fact]
    public async Task A_run_is_abandoned_exactly_at_the_routing_timeout()
    {
        using var release = new ManualResetEventSlim();
        var function = new BlockingFunction(release);
        var timeout = TimeSpan.FromSeconds(2);

        var evaluation = RoutingEvaluator.EvaluateAsync(function, new RoutingMessage(), [new ConsumerStateView(new ConsumerId("a"), 1)], timeout, time).AsTask();
        await function.Started.Task.WaitAsync(TestSettings.Patience);
        Assert.Equal(timeout, await time.TimerStartedAsync());
        time.Advance(timeout - OneTick);
        Assert.False(evaluation.IsCompleted);
        time.Advance(OneTick);
        var result = await evaluation.WaitAsync(TestSettings.Patience);
        release.Set();

        Assert.Equal(RoutingEvaluationFailure.TimedOut, result.Failure);
    }

    [Fact]
    public void Overruns_within_the_window_quarantine_the_function_for_the_duration()
    {
        var options = new DispatchOptions { QuarantineAfterOverruns = 3, QuarantineWindow = TimeSpan.FromMinutes(1), QuarantineDuration = TimeSpan.FromMinutes(2) };
        var registry = new ServiceCollection().AddDispatch().BuildServiceProvider().GetRequiredService<RoutingFunctionRegistry>();
        var functions = new GroupFunctions(registry, options, time, "silo");

        Assert.False(functions.Overran("f"));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(functions.Overran("f"));
        Assert.False(functions.Overran("f"));
        Assert.Null(functions.QuarantinedFor("f"));
        Assert.True(functions.Overran("f"));
        Assert.Equal(options.QuarantineDuration, functions.QuarantinedFor("f"));
        time.Advance(options.QuarantineDuration - OneTick);
        Assert.Equal(OneTick, functions.QuarantinedFor("f"));
        time.Advance(OneTick);
        Assert.Null(functions.QuarantinedFor("f"));
        Assert.Null(functions.QuarantinedFor("g"));
    }

    private sealed class BlockingFunction(ManualResetEventSlim release) : IRoutingFunction
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RoutingDecision Route(RoutingMessage message, IReadOnlyList<ConsumerStateView> consumers)
        {
            Started.TrySetResult();
            release.Wait();
            return RoutingDecision.Select(consumers[0].Consumer);
        }
    }
}
