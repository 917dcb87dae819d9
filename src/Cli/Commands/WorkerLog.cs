using System.Globalization;

namespace Orleans.Dispatch.Cli.Commands;

/// <summary>
/// What a <c>consume</c> worker prints: <c>took ID</c> when a message arrives, <c>acked ID</c> when
/// it acknowledges it, <c>failed ID</c> when it crashes on purpose; or, quiet, a count per second.
/// One line at a time, flushed, so that what a killed worker printed is what it did.
/// </summary>
internal sealed class WorkerLog(bool quiet)
{
    private readonly Lock gate = new();
    private long acked;
    private long failed;

    public void Took(string messageId) => Line("took", messageId);

    public void Acked(string messageId)
    {
        Interlocked.Increment(ref acked);
        Line("acked", messageId);
    }

    public void Failed(string messageId)
    {
        Interlocked.Increment(ref failed);
        Line("failed", messageId);
    }

    public void Stopped()
    {
        lock (gate)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped: {Interlocked.Read(ref acked)} acknowledged, {Interlocked.Read(ref failed)} failed on purpose"));
            Console.Out.Flush();
        }
    }

    /// <summary>In quiet mode, prints the counts every second until <paramref name="stopping"/>.</summary>
    public IDisposable StartTicking(CancellationToken stopping)
    {
        var timer = new Timer(
            _ =>
            {
                lock (gate)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} acknowledged {Interlocked.Read(ref acked)}, failed {Interlocked.Read(ref failed)}"));
                }
            },
            null,
            quiet ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan,
            quiet ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan);
        stopping.Register(() => timer.Change(Timeout.Infinite, Timeout.Infinite));
        return timer;
    }

    private void Line(string what, string messageId)
    {
        if (quiet)
        {
            return;
        }

        lock (gate)
        {
            Console.Out.WriteLine($"{what} {messageId}");
            Console.Out.Flush();
        }
    }
}
