using System.Threading.Channels;

namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>
/// A consumer behaviour that signals each arrival and holds every call until the test opens the
/// gate; then each held call acknowledges, or throws when the gate was opened with a failure.
/// </summary>
/// <remarks>
/// Not for cancellation tests: it signals arrival at the very start of <c>Consume</c>, and Orleans
/// drops a cancellation that reaches a call before the callee has registered it as cancellable.
/// </remarks>
public sealed class Gate
{
    private readonly Channel<string> arrivals = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<bool> opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConsumerBehavior Behavior => async call =>
    {
        arrivals.Writer.TryWrite(call.Message.Id);
        var fail = await opened.Task.WaitAsync(call.Token);
        if (fail)
        {
            throw new InvalidOperationException("released by the test to fail");
        }
    };

    /// <summary>Waits until <paramref name="count"/> more calls have arrived at the gate.</summary>
    public async Task ArrivedAsync(int count = 1)
    {
        using var patience = new CancellationTokenSource(Support.TestSettings.Patience);
        for (var i = 0; i < count; i++)
        {
            try
            {
                await arrivals.Reader.ReadAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Only {i} of {count} call(s) arrived at the gate.");
            }
        }
    }

    public void Open() => opened.TrySetResult(false);

    public void OpenWithFailure() => opened.TrySetResult(true);
}
