using Microsoft.Extensions.Time.Testing;
using Orleans.Dispatch.Group.Figures;

namespace Orleans.Dispatch.Tests.Group.Activity;

/// <summary>The ring of seconds behind a group's activity, on a fake clock.</summary>
[Trait("Category", "Unit")]
public sealed class ActivityRecorderTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_dispatch_lands_in_the_second_it_ended_and_recent_sums_the_last_complete_seconds()
    {
        var recorder = new ActivityRecorder(time);
        recorder.Ended(null, 0, TimeSpan.FromMilliseconds(2));
        time.Advance(TimeSpan.FromSeconds(1));
        recorder.Ended(null, 2, TimeSpan.FromMilliseconds(4));
        recorder.Ended("NoConsumerAvailableException", 3, TimeSpan.FromMilliseconds(8));
        time.Advance(TimeSpan.FromSeconds(1));
        recorder.Ended(null, 0, TimeSpan.FromMilliseconds(1)); // the current second: in the series, not in Recent

        var activity = recorder.Read("g", 3);

        Assert.Equal([1, 1, 1], activity.Seconds.Select(s => s.Delivered));
        Assert.Equal([0, 5, 0], activity.Seconds.Select(s => s.Rerouted));
        Assert.Equal([0, 1, 0], activity.Seconds.Select(s => s.Failed));
        Assert.Equal(time.GetUtcNow().AddSeconds(-2), activity.Seconds[0].From);
        Assert.Equal(2, activity.Recent.Delivered);
        Assert.Equal(5, activity.Recent.Rerouted);
        Assert.Equal(1, activity.Recent.Failures["NoConsumerAvailableException"]);
        Assert.Equal(time.GetUtcNow().AddSeconds(-GroupActivity.RecentSeconds), activity.Recent.From);
    }

    [Fact]
    public void A_second_from_five_minutes_ago_is_forgotten_when_its_slot_comes_round_again()
    {
        var recorder = new ActivityRecorder(time);
        recorder.Ended(null, 1, null);
        time.Advance(TimeSpan.FromSeconds(GroupActivity.MaxSeconds));

        Assert.Equal(0, recorder.Read("g", GroupActivity.MaxSeconds).Seconds.Sum(s => s.Delivered));
        recorder.Ended(null, 0, null);
        var activity = recorder.Read("g", GroupActivity.MaxSeconds);
        Assert.Equal(1, activity.Seconds.Sum(s => s.Delivered));
        Assert.Equal(0, activity.Seconds.Sum(s => s.Rerouted));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void Percentiles_are_within_twelve_percent_of_the_exact_ones(double quantile)
    {
        var histogram = new LatencyHistogram();
        var random = new Random(7);
        var latencies = Enumerable.Range(0, 10_000).Select(_ => TimeSpan.FromMicroseconds(50 + (random.NextDouble() * random.NextDouble() * 200_000))).ToList();
        latencies.ForEach(histogram.Record);

        var exact = latencies.Order().ElementAt((int)Math.Ceiling(quantile * latencies.Count) - 1);
        var read = histogram.Percentile(quantile)!.Value;

        Assert.InRange(read.TotalMicroseconds / exact.TotalMicroseconds, 0.88, 1.12);
        Assert.Null(new LatencyHistogram().Percentile(quantile));
    }
}
