namespace Orleans.Dispatch.Tests.Support.Groups;

/// <summary>
/// Runs a group's calls one step at a time, as a grain's scheduler does: every continuation of a
/// call comes back to one exclusive scheduler, so the dispatcher (not thread-safe) is never
/// entered from two threads. Like <c>[AlwaysInterleave]</c> calls, a call that awaits (a wait for
/// a grant or an outcome) lets others run meanwhile.
/// </summary>
internal sealed class GroupTurns
{
    private readonly TaskScheduler scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

    public Task<T> Run<T>(Func<Task<T>> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();

    public Task<T> RunValue<T>(Func<ValueTask<T>> call) => Run(() => call().AsTask());
}
