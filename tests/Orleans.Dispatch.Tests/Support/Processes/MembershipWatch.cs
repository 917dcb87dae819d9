using System.Collections.Concurrent;

namespace Orleans.Dispatch.Tests.Support.Processes;

/// <summary>
/// Polls every silo's <c>/health</c> every 200 ms while a fault runs, and keeps what each said
/// (its status and how many active silos it sees), on the load's clock.
/// </summary>
internal sealed class MembershipWatch : IAsyncDisposable
{
    private readonly ConcurrentQueue<(TimeSpan At, LocalSilo Silo, int? Active)> seen = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task polling;

    public MembershipWatch(IReadOnlyList<LocalSilo> silos, Func<TimeSpan> now)
    {
        polling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(silos.Select(async silo =>
                {
                    var health = await silo.HealthAsync();
                    var active = health is { Status: 200 } h ? h.Body.GetProperty("activeSilos").GetInt32() : (int?)null;
                    seen.Enqueue((now(), silo, active));
                }));
                await Task.Delay(200, CancellationToken.None);
            }
        });
    }

    /// <summary>The first time after <paramref name="from"/> at which each of <paramref name="silos"/> had reported <paramref name="active"/> active silos; null when they never all did.</summary>
    public TimeSpan? AllSaw(IEnumerable<LocalSilo> silos, int active, TimeSpan from)
    {
        var firsts = silos.Select(silo => seen.Where(s => s.Silo == silo && s.At >= from && s.Active == active).Select(s => (TimeSpan?)s.At).Min()).ToList();
        return firsts.All(f => f is not null) ? firsts.Max() : null;
    }

    /// <summary>The fewest active silos any healthy answer reported.</summary>
    public int FewestActiveSeen => seen.Where(s => s.Active is not null).Select(s => s.Active!.Value).DefaultIfEmpty(0).Min();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await polling;
        stop.Dispose();
    }
}
