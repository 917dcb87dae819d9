using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Orleans.Dispatch.Silo.View;

/// <summary>
/// Reads what the view shows from the cluster's grains, whichever silo serves the page: the group
/// registry, each group's snapshot and activity, its dead letters, and where its consumers live.
/// Nothing here runs unless a page asks.
/// </summary>
internal sealed class GroupViewReader(IGrainFactory grains, ILocalSiloDetails local, TimeProvider time)
{
    /// <summary>Consumers whose silo is looked up on one group page; past that, the silo is left blank.</summary>
    public const int LookedUpConsumers = 200;

    private const int LatestDeadLetters = 20;
    private static readonly TimeSpan SiloLookupLife = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<GrainId, (string? Silo, long At)> silos = new();

    private string ServedBy => local.SiloAddress.ToString();

    public async Task<GroupsPage> GroupsAsync()
    {
        var names = await grains.GetGrain<IGroupRegistryGrain>(IGroupRegistryGrain.Key).GetGroups();
        var rows = await Task.WhenAll(names.Order(StringComparer.Ordinal).Select(name => RowAsync(name, null, null)));
        return new GroupsPage(rows, ServedBy);
    }

    /// <summary>The group page; null when the cluster has no group of that name.</summary>
    public async Task<GroupPage?> GroupAsync(string name)
    {
        var names = await grains.GetGrain<IGroupRegistryGrain>(IGroupRegistryGrain.Key).GetGroups();
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var group = grains.GetGrain<IConsumerGroupGrain>(name);
        var snapshot = group.GetSnapshot();
        var activity = group.GetActivity();
        var letters = grains.GetGrain<IDeadLetterGrain>(name).ListNewest(LatestDeadLetters);
        await Task.WhenAll(snapshot, activity, letters);

        var row = await RowAsync(name, snapshot.Result, activity.Result);
        var consumers = await ConsumersAsync(snapshot.Result);
        var seconds = activity.Result.Seconds.Select(s => new SecondRow(s.From.ToUnixTimeMilliseconds(), s.Delivered, s.Rerouted, s.Failed, Ms(s.LatencyP50), Ms(s.LatencyP99))).ToList();
        var deadLetters = letters.Result.Select(l => new DeadLetterRow(l.Sequence, l.Message.Id, l.Failure, l.Reason, [.. l.ReroutedFrom.Select(c => c.Value)], l.FailedAt.ToUnixTimeMilliseconds())).ToList();
        return new GroupPage(row, consumers, snapshot.Result.ActiveKeys, snapshot.Result.LongestKeyQueue, seconds, deadLetters, ServedBy);
    }

    private async Task<GroupRow> RowAsync(string name, ConsumerGroupSnapshot? snapshot, GroupActivity? activity)
    {
        try
        {
            var group = grains.GetGrain<IConsumerGroupGrain>(name);
            snapshot ??= await group.GetSnapshot();
            activity ??= await group.GetActivity();
            var deadLetters = await grains.GetGrain<IDeadLetterGrain>(name).Count();
            var recent = activity.Recent;
            var perSecond = recent.Span.TotalSeconds;
            var failures = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (kind, count) in activity.Seconds.SelectMany(s => s.Failures))
            {
                failures[kind] = failures.GetValueOrDefault(kind) + count;
            }

            return new GroupRow(
                name,
                snapshot.RoutingFunction,
                snapshot.Consumers.Count,
                snapshot.Consumers.Sum(c => c.CurrentInFlight) + snapshot.Draining.Sum(d => d.InFlight),
                snapshot.Consumers.Sum(c => c.MaxInFlight),
                snapshot.Waiting,
                snapshot.OldestWaitingFor.TotalMilliseconds,
                recent.Delivered / perSecond,
                recent.Rerouted / perSecond,
                recent.Failed / perSecond,
                Ms(recent.LatencyP50),
                Ms(recent.LatencyP99),
                failures,
                deadLetters,
                snapshot.OrderingKey,
                null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One group that cannot be read (its storage failing, say) does not take the page down.
            return new GroupRow(name, null, 0, 0, 0, 0, 0, 0, 0, 0, null, null, new Dictionary<string, int>(), 0, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private async Task<IReadOnlyList<ConsumerRow>> ConsumersAsync(ConsumerGroupSnapshot snapshot)
    {
        var grainsOf = snapshot.Consumers.Select(c => snapshot.ConsumerGrains.TryGetValue(c.Consumer, out var id) ? id : (GrainId?)null).ToList();
        var silosOf = await Task.WhenAll(grainsOf.Select((grain, i) => grain is { } found && i < LookedUpConsumers ? SiloOfAsync(found) : Task.FromResult<string?>(null)));
        var rows = snapshot.Consumers
            .Select((c, i) => new ConsumerRow(
                c.Consumer.Value, grainsOf[i]?.ToString(), c.CurrentInFlight, c.MaxInFlight, c.BufferDepth, c.AffinityTags, silosOf[i], Draining: false,
                snapshot.Workers.TryGetValue(c.Consumer, out var worker) ? $"{worker.Host}, process {worker.ProcessId}{(worker.Kind == WorkerKind.WorkerProtocol ? ", worker protocol" : "")}" : null,
                c.Health == ConsumerHealth.Healthy ? null : c.Health.ToString().ToLowerInvariant(),
                c.HealthTimeLeft?.TotalSeconds,
                c.LastFailure))
            .ToList();
        rows.AddRange(snapshot.Draining.Select(d => new ConsumerRow(d.Consumer.Value, null, d.InFlight, 0, 0, [], null, Draining: true)));
        return rows;
    }

    /// <summary>The silo a grain is active on (from the grain directory), remembered for a few seconds; null when it is not active.</summary>
    private async Task<string?> SiloOfAsync(GrainId grain)
    {
        var now = time.GetTimestamp();
        if (silos.TryGetValue(grain, out var known) && time.GetElapsedTime(known.At, now) < SiloLookupLife)
        {
            return known.Silo;
        }

        var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain(grain));
        var silo = address?.ToString();
        if (silos.Count > 10 * LookedUpConsumers)
        {
            silos.Clear(); // consumers come and go: forget them all rather than grow
        }

        silos[grain] = (silo, now);
        return silo;
    }

    private static double? Ms(TimeSpan? value) => value?.TotalMilliseconds;
}
