using System.Threading.Channels;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// A consumer outside any cluster that signals each call and answers as its behaviour says:
/// acknowledge, throw, or hold the call until its token is cancelled. The dispatch loop calls it
/// as it calls a consumer grain's reference; it is not a grain (no activation, no silo).
/// </summary>
internal sealed class HeldConsumer(Func<CancellationToken, Task>? behaviour = null) : IConsumerGrain
{
    private readonly Channel<RoutingMessage> calls = Channel.CreateUnbounded<RoutingMessage>();

    public int Calls { get; private set; }

    /// <summary>Holds every call until its token is cancelled.</summary>
    public static HeldConsumer Hanging() => new(token => Task.Delay(Timeout.Infinite, token));

    /// <summary>Fails every call with <paramref name="failure"/>.</summary>
    public static HeldConsumer Throwing(Exception failure) => new(_ => Task.FromException(failure));

    public IConsumerGrain Grain => this;

    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default)
    {
        Calls++;
        try
        {
            return behaviour?.Invoke(cancellationToken) ?? Task.CompletedTask;
        }
        finally
        {
            // Signalled once the behaviour has started: a test that moves a fake clock after
            // CalledAsync then finds the behaviour's timers already set.
            calls.Writer.TryWrite(message);
        }
    }

    /// <summary>Waits, in real time, until the next call has arrived and its behaviour has started.</summary>
    public async Task<RoutingMessage> CalledAsync() => await calls.Reader.ReadAsync().AsTask().WaitAsync(TestSettings.Patience);
}
