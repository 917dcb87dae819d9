
namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>Ready-made consumer behaviours.</summary>
public static class Behave
{
    public static ConsumerBehavior Acknowledge { get; } = static _ => Task.CompletedTask;

    public static ConsumerBehavior Throw(string text = "consumer failure") =>
        _ => Task.FromException(new InvalidOperationException(text));

    /// <summary>Never answers within the attempt timeout and ignores its token (it returns three attempt timeouts later, so silos can stop).</summary>
    public static ConsumerBehavior IgnoreAndHang { get; } = static _ => Task.Delay(TestSettings.AttemptTimeout * 3);

    /// <summary>Waits until its token is cancelled, and reports the cancellation.</summary>
    public static ConsumerBehavior HangUntilCancelled(TaskCompletionSource cancelled) => async call =>
    {
        await using var registration = call.Token.Register(() => cancelled.TrySetResult());
        await Task.Delay(Timeout.Infinite, call.Token);
    };
}
