using System.Collections.Concurrent;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// What a worker process printed of its messages, read back line by line: <c>took ID</c> and
/// <c>acked ID</c>, as the CLI's <c>consume</c> and the Python package's demo both print them.
/// </summary>
internal sealed class ConsumedLines
{
    private readonly ConcurrentDictionary<string, byte> acked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> inHand = new(StringComparer.Ordinal);
    private TaskCompletionSource<string>? nextTook;
    private int peak;

    /// <summary>Message ids the process acknowledged (printed before it returned from its handler).</summary>
    public IReadOnlyCollection<string> Acked => [.. acked.Keys];

    /// <summary>Message ids it took and has not acknowledged.</summary>
    public IReadOnlyCollection<string> InHand => [.. inHand.Keys];

    /// <summary>The most messages it had in hand at once.</summary>
    public int PeakInHand => Volatile.Read(ref peak);

    /// <summary>The id of the next message it takes from now on.</summary>
    public Task<string> NextTakenAsync()
    {
        var next = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref nextTook, next);
        return next.Task;
    }

    /// <summary>Reads one line: true when it was a <c>took</c> or an <c>acked</c> line.</summary>
    public bool Read(string line)
    {
        if (line.StartsWith("took ", StringComparison.Ordinal))
        {
            inHand[line[5..]] = 0;
            Interlocked.Exchange(ref nextTook, null)?.TrySetResult(line[5..]);
            var now = inHand.Count;
            for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
            {
            }

            return true;
        }

        if (line.StartsWith("acked ", StringComparison.Ordinal))
        {
            acked[line[6..]] = 0;
            inHand.TryRemove(line[6..], out _);
            return true;
        }

        return false;
    }
}
