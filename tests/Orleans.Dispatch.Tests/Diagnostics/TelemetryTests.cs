using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Diagnostics;

/// <summary>The meter and the activity source record what happened in a known scenario.</summary>
[Trait("Category", "Cluster")]
[Collection(SharedCluster.Name)]
public sealed class TelemetryTests(ClusterFixture fixture)
{
    private readonly Scenario scenario = new(fixture.Client);

    private static long Sum(InstrumentRecorder<long> recorder, string group) => recorder.Where(DispatchTelemetry.GroupTag, group).Sum(m => m.Value);

    [Fact]
    public async Task The_instruments_count_dispatches_deliveries_reroutes_failures_latency_and_in_flight()
    {
        using var dispatches = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.dispatches");
        using var deliveries = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.deliveries");
        using var reroutes = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.reroutes");
        using var failures = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.failures");
        using var inFlight = new InstrumentRecorder<long>(DispatchTelemetry.MeterName, "orleans.dispatch.in_flight");
        using var duration = new InstrumentRecorder<double>(DispatchTelemetry.MeterName, "orleans.dispatch.duration");
        using var attempts = new InstrumentRecorder<double>(DispatchTelemetry.MeterName, "orleans.dispatch.attempt.duration");
        await scenario.AddAsync("A", Behave.Throw("down"));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");

        for (var i = 0; i < 3; i++)
        {
            await scenario.DispatchAsync(new RoutingMessage());
        }

        await scenario.GroupGrain.RemoveConsumer(new ConsumerId("B"));
        await Assert.ThrowsAsync<NoConsumerAvailableException>(() => scenario.DispatchAsync(new RoutingMessage()));

        Assert.Equal(4, Sum(dispatches, scenario.Group));
        Assert.Equal(3, Sum(deliveries, scenario.Group));
        // Every crash sent the dispatch back to the group: three found B, the last found nobody.
        Assert.Equal(4, Sum(reroutes, scenario.Group));
        var failure = Assert.Single(failures.Where(DispatchTelemetry.GroupTag, scenario.Group));
        Assert.Equal(nameof(NoConsumerAvailableException), failure.Tags[DispatchTelemetry.FailureTag]);
        await Eventually.HoldsAsync(() => Task.FromResult(Sum(inFlight, scenario.Group) == 0), what: "in-flight back to zero");
        Assert.Equal(7, inFlight.Where(DispatchTelemetry.GroupTag, scenario.Group).Count(m => m.Value == 1));
        var mine = duration.Where(DispatchTelemetry.GroupTag, scenario.Group);
        Assert.Equal(4, mine.Count);
        Assert.All(mine, m => Assert.InRange(m.Value, 0, TestSettings.DispatchTimeout.TotalSeconds));
        var attemptOutcomes = attempts.Where(DispatchTelemetry.GroupTag, scenario.Group).Select(m => (string)m.Tags[DispatchTelemetry.OutcomeTag]!).ToList();
        Assert.Equal(4, attemptOutcomes.Count(o => o == "crashed"));
        Assert.Equal(3, attemptOutcomes.Count(o => o == "delivered"));
    }

    [Fact]
    public async Task A_rerouted_dispatch_is_one_span_with_a_child_per_attempt()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DispatchTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await scenario.AddAsync("A", Behave.Throw("down"));
        await scenario.AddAsync("B");
        await scenario.UseAsync("first-available");
        var message = new RoutingMessage();

        await scenario.DispatchAsync(message);

        var mine = spans.Where(s => Equals(s.GetTagItem(DispatchTelemetry.MessageIdTag), message.Id)).ToList();
        var dispatch = Assert.Single(mine, s => s.OperationName == "dispatch");
        var children = mine.Where(s => s.OperationName == "dispatch.attempt").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(dispatch.TraceId, c.TraceId));
        Assert.All(children, c => Assert.Equal(dispatch.SpanId, c.ParentSpanId));
        Assert.Equal(["A", "B"], children.Select(c => (string)c.GetTagItem(DispatchTelemetry.ConsumerTag)!));
        Assert.Equal(["crashed", "delivered"], children.Select(c => (string)c.GetTagItem(DispatchTelemetry.OutcomeTag)!));
        Assert.Equal("B", dispatch.GetTagItem(DispatchTelemetry.ConsumerTag));
    }
}
