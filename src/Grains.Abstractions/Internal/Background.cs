namespace Orleans.Dispatch.Internal;

/// <summary>Calls left to finish on their own.</summary>
internal static class Background
{
    /// <summary>Observes <paramref name="task"/>'s eventual failure, so that a call nobody waits for is not reported as an unobserved exception.</summary>
    public static void Observe(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // A one-way call returns a completed task at once: nothing to observe, nothing to allocate.
            return;
        }

        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
