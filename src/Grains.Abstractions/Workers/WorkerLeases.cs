namespace Orleans.Dispatch.Workers;

/// <summary>The lease renewal every kind of worker makes: the Orleans-client worker and the silo serving a stream worker.</summary>
internal static class WorkerLeases
{
    /// <summary>
    /// Renews <paramref name="grain"/>'s lease and, when the grain answers that it holds no worker
    /// (its activation was lost with a silo, or it dropped the worker), attaches
    /// <paramref name="worker"/> again. Each call is given <paramref name="within"/>.
    /// </summary>
    /// <returns>True when the worker was attached again.</returns>
    public static async Task<bool> RenewOrAttachAgainAsync(
        this IWorkerGrain grain, WorkerSession session, IWorkerObserver worker, TimeSpan within, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await grain.Renew().WaitAsync(within, time, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await grain.Attach(session, worker).WaitAsync(within, time, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
