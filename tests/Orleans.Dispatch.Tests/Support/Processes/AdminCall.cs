using System.Diagnostics;
using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// An inspecting call from a test's own client after a silo was killed. Orleans' client learns
/// that a gateway is dead only by failing to reach it: the first call it routes there is
/// rejected (<see cref="OrleansMessageRejectionException"/>, connection failed) and the next
/// goes through a live gateway. That is the client's behaviour, not the system under test, so
/// an inspection retries it for a while instead of failing the test on it.
/// </summary>
internal static class AdminCall
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<T> ThroughLiveGatewayAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is OrleansMessageRejectionException or SiloUnavailableException && clock.Elapsed < Patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
