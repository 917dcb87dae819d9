namespace Orleans.Dispatch.GroupCalls;

/// <summary>
/// The calls of a silo's dispatches waiting to go to one group, in the order they were made, taken
/// in batches of at most <see cref="MaxEntries"/> calls and about <see cref="MaxBytes"/> bytes.
/// Not thread-safe: its owner holds a lock.
/// </summary>
internal sealed class CallQueue
{
    /// <summary>The most calls one batch carries: the group decides a batch in one turn, so a batch is a turn's length of work.</summary>
    public const int MaxEntries = 256;

    /// <summary>About the most bytes one batch carries (a single larger call still goes, alone).</summary>
    public const int MaxBytes = 256 * 1024;

    private readonly List<QueuedCall> calls = [];

    public int Count => calls.Count;

    /// <summary>Whether a queued call waits for an answer: only then does a batch go two-way.</summary>
    public bool HasWaitingCall
    {
        get
        {
            foreach (var call in calls)
            {
                if (call.Answer is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Add(QueuedCall call) => calls.Add(call);

    /// <summary>Puts <paramref name="first"/> back ahead of everything queued (calls the group deferred, ends to send again), in their order.</summary>
    public void AddFirst(List<QueuedCall> first) => calls.InsertRange(0, first);

    /// <summary>Takes the next batch: the oldest calls, up to <see cref="MaxEntries"/> and <see cref="MaxBytes"/>, at least one.</summary>
    public QueuedCall[] TakeBatch()
    {
        var count = 0;
        var bytes = 0;
        while (count < calls.Count && count < MaxEntries && (count == 0 || bytes + calls[count].Bytes <= MaxBytes))
        {
            bytes += calls[count].Bytes;
            count++;
        }

        var batch = new QueuedCall[count];
        calls.CopyTo(0, batch, 0, count);
        calls.RemoveRange(0, count);
        return batch;
    }
}
