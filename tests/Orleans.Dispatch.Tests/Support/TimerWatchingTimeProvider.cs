using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Fake time that tells when code under test has started a timer, so a test advances the clock only once the timer is there to fire.</summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> created = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits, in real time, for the next timer started, and returns its due time.</summary>
    public async Task<TimeSpan> TimerStartedAsync() => await created.Reader.ReadAsync().AsTask().WaitAsync(TestSettings.Patience);
}
