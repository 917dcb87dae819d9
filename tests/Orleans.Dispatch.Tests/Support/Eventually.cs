using System.Diagnostics;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Waits for a condition the system under test exposes, failing the test after a deadline.</summary>
internal static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan? within = null, string? what = null)
    {
        var deadline = within ?? TestSettings.Patience;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"Not true within {deadline}: {what ?? "condition"}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }

        return clock.Elapsed;
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="condition"/>, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string? what = null)
    {
        T value = default!;
        await HoldsAsync(async () => condition(value = await read()), what: what);
        return value;
    }
}
