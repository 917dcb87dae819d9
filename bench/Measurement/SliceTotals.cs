namespace Orleans.Dispatch.Bench.Measurement;

/// <summary>
/// What this process saw during each path's slices of an interleaved run (<see cref="InterleavedLoad"/>):
/// the dispatch counters and this process's resources, added up per path.
/// </summary>
internal sealed class SliceTotals(int paths)
{
    private readonly (DispatchCounters Counters, Snapshot Resources)[] started = new (DispatchCounters, Snapshot)[paths];
    private readonly DispatchCounters[] counters = new DispatchCounters[paths];
    private readonly Snapshot[] resources = new Snapshot[paths];

    public void Started(int path) => started[path] = (DispatchCounters.Take(), Snapshot.Take());

    public void Ended(int path)
    {
        counters[path] += DispatchCounters.Take() - started[path].Counters;
        resources[path] += Snapshot.Take() - started[path].Resources;
    }

    public DispatchCounters Counters(int path) => counters[path];

    public Snapshot Resources(int path) => resources[path];
}
