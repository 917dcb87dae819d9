using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Client;

/// <summary>The client's retry loop, driven by scripted calls (real-process failover is tested in <c>FailoverTests</c>).</summary>
[Trait("Category", "Unit")]
public sealed class RetryingDispatchTests
{
    private static readonly DispatchClientOptions Fast = new()
    {
        Deadline = TimeSpan.FromSeconds(3),
        CallTimeout = TimeSpan.FromMilliseconds(300),
        FirstRetryDelay = TimeSpan.FromMilliseconds(10),
        LongestRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private static readonly DispatchOutcome Delivered = new("m1", new ConsumerId("A"), "round-robin", []);

    private static Task<DispatchOutcome> Run(Func<CancellationToken, Task<DispatchOutcome>> send, DispatchClientOptions? options = null, CancellationToken token = default) =>
        RetryingDispatch.RunAsync(send, "g", new RoutingMessage("m1"), options ?? Fast, TimeProvider.System, NullLogger.Instance, token);

    public static TheoryData<Exception> TransportFailures() => new()
    {
        new SiloUnavailableException("silo gone"),
        new Orleans.Runtime.Messaging.ConnectionFailedException("connection lost"),
        new TimeoutException("response timeout"),
        new GatewayTooBusyException(),
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task A_transport_failure_is_sent_again_until_it_succeeds(Exception failure)
    {
        var calls = 0;

        var outcome = await Run(_ => ++calls < 3 ? Task.FromException<DispatchOutcome>(failure) : Task.FromResult(Delivered));

        Assert.Same(Delivered, outcome);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_dispatch_whose_delivery_is_unknown_is_sent_again_with_the_same_message()
    {
        var calls = 0;
        var unknown = new DispatchConversationException("m1", "g", "a dispatch of this message id was still in progress", [], null);

        var outcome = await Run(_ => ++calls == 1 ? Task.FromException<DispatchOutcome>(unknown) : Task.FromResult(Delivered));

        Assert.Same(Delivered, outcome);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_call_that_never_answers_is_sent_again_after_the_attempt_timeout()
    {
        var calls = 0;
        var hung = new TaskCompletionSource<DispatchOutcome>();

        var outcome = await Run(_ => ++calls == 1 ? hung.Task : Task.FromResult(Delivered));

        Assert.Same(Delivered, outcome);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_dispatch_exception_is_surfaced_unchanged_after_one_call()
    {
        var calls = 0;
        var failure = new NoConsumerAvailableException("m1", "g", "the group has no consumers", []);

        var thrown = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => Run(_ =>
        {
            calls++;
            return Task.FromException<DispatchOutcome>(failure);
        }));

        Assert.Same(failure, thrown);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task An_argument_error_is_not_retried()
    {
        var calls = 0;

        await Assert.ThrowsAsync<ArgumentException>(() => Run(_ =>
        {
            calls++;
            return Task.FromException<DispatchOutcome>(new ArgumentException("bad"));
        }));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Past_the_deadline_it_gives_up_with_a_dispatch_conversation_exception_naming_the_last_failure()
    {
        var options = new DispatchClientOptions { Deadline = TimeSpan.FromMilliseconds(400), CallTimeout = TimeSpan.FromMilliseconds(100), FirstRetryDelay = TimeSpan.Zero, LongestRetryDelay = TimeSpan.FromMilliseconds(20) };
        var calls = 0;

        var thrown = await Assert.ThrowsAsync<DispatchConversationException>(() => Run(
            _ =>
            {
                calls++;
                return Task.FromException<DispatchOutcome>(new SiloUnavailableException("silo gone"));
            },
            options).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(calls > 1, $"only {calls} call(s)");
        Assert.IsType<SiloUnavailableException>(thrown.InnerException);
        Assert.Contains("client deadline", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("m1", thrown.MessageId);
    }

    [Fact]
    public async Task Cancelling_stops_the_retries_and_reaches_the_call()
    {
        using var cancel = new CancellationTokenSource();
        var seen = new TaskCompletionSource<CancellationToken>();

        var run = Run(token =>
        {
            seen.TrySetResult(token);
            return Task.Delay(Timeout.Infinite, token).ContinueWith(_ => Delivered, TaskScheduler.Default);
        }, token: cancel.Token);
        var passed = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cancel.Token, passed);
    }

    [Fact]
    public void Inconsistent_options_are_rejected_naming_the_option()
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new DispatchClientOptions { LongestRetryDelay = TimeSpan.FromMilliseconds(1), FirstRetryDelay = TimeSpan.FromSeconds(1) }.Validate());
        Assert.Equal(nameof(DispatchClientOptions.LongestRetryDelay), thrown.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DispatchClientOptions { Deadline = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public async Task A_call_out_when_the_client_loses_a_gateway_is_sent_again_at_once_without_waiting_for_its_timeout()
    {
        var time = new FakeTimeProvider();
        var loss = new GatewayLoss();
        var options = new DispatchClientOptions { CallTimeout = TimeSpan.FromSeconds(10) };
        var stuck = new TaskCompletionSource<DispatchOutcome>();
        var calls = 0;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var dispatch = RetryingDispatch.RunAsync(
            _ =>
            {
                sent.TrySetResult();
                return ++calls == 1 ? stuck.Task : Task.FromResult(Delivered);
            },
            "g",
            new RoutingMessage("m1"),
            options,
            time,
            NullLogger.Instance,
            CancellationToken.None,
            gatewayLost: () => loss.Next);
        await sent.Task;
        Assert.False(dispatch.IsCompleted);

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 2, previousNumberOfGateways: 3, connectionRecovered: false);

        // No time passed: the resend did not wait for the call's 10 s timeout.
        Assert.Same(Delivered, await dispatch.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_gateway_gained_is_not_a_loss_and_an_answered_call_is_not_sent_again()
    {
        var time = new FakeTimeProvider();
        var loss = new GatewayLoss();
        var answer = new TaskCompletionSource<DispatchOutcome>();
        var calls = 0;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var dispatch = RetryingDispatch.RunAsync(
            _ =>
            {
                calls++;
                sent.TrySetResult();
                return answer.Task;
            },
            "g",
            new RoutingMessage("m1"),
            new DispatchClientOptions(),
            time,
            NullLogger.Instance,
            CancellationToken.None,
            gatewayLost: () => loss.Next);
        await sent.Task;
        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 3, previousNumberOfGateways: 2, connectionRecovered: true);
        answer.SetResult(Delivered);

        Assert.Same(Delivered, await dispatch.WaitAsync(TimeSpan.FromSeconds(30)));
        loss.NotifyClusterConnectionLost();
        Assert.Equal(1, calls);
    }
}
