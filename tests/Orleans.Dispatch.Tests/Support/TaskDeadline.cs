namespace Orleans.Dispatch.Tests.Support;

/// <summary>Waits on a task with a deadline, so a test fails instead of hanging.</summary>
internal static class TaskDeadline
{
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan? within = null) =>
        await task.WaitAsync(within ?? TestSettings.Patience);

    public static async Task Within(this Task task, TimeSpan? within = null) =>
        await task.WaitAsync(within ?? TestSettings.Patience);
}
