using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Group;

/// <summary>The group's activity, as <see cref="IConsumerGroupGrain.GetActivity"/> reports it from a real cluster: every dispatch counted where it ended.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class ActivityTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    [Fact]
    public async Task Deliveries_reroutes_failures_by_kind_and_latency_are_counted_per_second()
    {
        await scenario.AddAsync("A", Behave.Throw());
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => scenario.DispatchAsync(new RoutingMessage($"m{i}"))));
        await scenario.GroupGrain.RemoveConsumer(new ConsumerId("B"));
        // A crashed on all five and is ejected: "lost" may or may not try it first.
        var lost = await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage("lost")));

        // The end of a dispatch reaches the group one-way, after the caller has its answer.
        var activity = await Eventually.ValueAsync(
            () => scenario.GroupGrain.GetActivity(60),
            a => a.Seconds.Sum(s => s.Delivered) == 5 && a.Seconds.Sum(s => s.Failed) == 1,
            what: "five deliveries and one failure counted");

        Assert.Equal(60, activity.Seconds.Count);
        Assert.Equal(scenario.Group, activity.Group);
        Assert.Equal(outcomes.Sum(o => o.Crashes.Count) + lost.Crashes.Count, activity.Seconds.Sum(s => s.Rerouted));
        Assert.Equal(1, activity.Seconds.Sum(s => s.Failures.GetValueOrDefault(nameof(NoConsumerAvailableException))));
        Assert.Contains(activity.Seconds, s => s.LatencyP50 is { } p50 && p50 > TimeSpan.Zero && s.LatencyP99 >= p50);
        Assert.True(activity.Seconds.Zip(activity.Seconds.Skip(1)).All(pair => pair.Second.From - pair.First.From == TimeSpan.FromSeconds(1)), "one entry per second, oldest first");
        Assert.Equal(TimeSpan.FromSeconds(GroupActivity.RecentSeconds), activity.Recent.Span);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(GroupActivity.MaxSeconds + 1)]
    public async Task A_window_outside_one_to_five_minutes_is_refused(int seconds) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scenario.GroupGrain.GetActivity(seconds));
}
