using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using Orleans.Dispatch.Bench.Grains;
using Orleans.Dispatch.Bench.Measurement;
using Orleans.Dispatch.Bench.Report;

namespace Orleans.Dispatch.Bench.Scenarios;

/// <summary>
/// Eight consumers with <c>MaxInFlight</c> 4 that take 2 ms each, offered 128 dispatches in flight
/// (four times their 32 slots) through the in-process client. Release-to-grant is the time from
/// the serving pass that the release began (same turn) to the granted attempt being sent to its
/// consumer; an inversion is a grant to a waiter that reached the group after one still waiting.
/// </summary>
internal static class OverloadScenario
{
    private const int Consumers = 8;
    private const int Slots = 4;
    private const int Offered = 4 * Consumers * Slots;

    public static async Task<OverloadResult> RunAsync(BenchSilo silo, BenchSettings settings)
    {
        const string Group = "overload";
        var grains = silo.Client;
        var group = grains.GetGrain<IConsumerGroupGrain>(Group);
        for (var i = 0; i < Consumers; i++)
        {
            await group.AddConsumer(new ConsumerRegistration(new ConsumerId($"slow-{i}"), grains.GetGrain<ISlowBenchConsumerGrain>($"slow-{i}")) { MaxInFlight = Slots });
        }

        await group.SetRoutingFunction("round-robin");
        using var grants = new GrantRecorder(Group);
        var dispatcher = grains.GetGrain<IDispatchGrain>(Group);
        var waits = new LongHistogram(TimeSpan.FromMinutes(2).Ticks * 100, 3);
        long failures = 0, waited = 0, delivered = 0;
        var measuring = false;
        var window = await LoadDriver.RunAsync(
            async sequence =>
            {
                try
                {
                    var outcome = await dispatcher.Dispatch(new RoutingMessage($"overload-{sequence}"));
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref delivered);
                        if (outcome.WaitedFor > TimeSpan.Zero)
                        {
                            Interlocked.Increment(ref waited);
                            lock (waits)
                            {
                                waits.RecordValue((long)outcome.WaitedFor.TotalNanoseconds);
                            }
                        }
                    }
                }
                catch (DispatchException)
                {
                    Interlocked.Increment(ref failures);
                }
            },
            Offered,
            settings.Warmup,
            settings.Window,
            windowStarted: () =>
            {
                Volatile.Write(ref measuring, true);
                grants.Start();
                Interlocked.Exchange(ref SlowBenchConsumerGrain.BusyTicks, 0);
                Interlocked.Exchange(ref SlowBenchConsumerGrain.Served, 0);
            });

        var service = TimeSpan.FromSeconds((double)Volatile.Read(ref SlowBenchConsumerGrain.BusyTicks) / Stopwatch.Frequency / Math.Max(1, Volatile.Read(ref SlowBenchConsumerGrain.Served)));
        var (releaseToGrant, grantCount, inversions) = grants.Measure();
        var result = new OverloadResult(
            window.ThroughputPerSecond,
            Consumers * Slots / service.TotalSeconds,
            Consumers * Slots / SlowBenchConsumerGrain.ServiceTime.TotalSeconds,
            failures,
            delivered == 0 ? 0 : (double)waited / delivered,
            waits.TotalCount == 0 ? 0 : waits.GetValueAtPercentile(50) / 1000.0,
            waits.TotalCount == 0 ? 0 : waits.GetValueAtPercentile(99) / 1000.0,
            releaseToGrant.TotalCount == 0 ? 0 : releaseToGrant.GetValueAtPercentile(50) / 1000.0,
            releaseToGrant.TotalCount == 0 ? 0 : releaseToGrant.GetValueAtPercentile(99) / 1000.0,
            grantCount,
            grantCount == 0 ? 0 : (double)inversions / grantCount);
        Console.WriteLine(
            $"  overload: {result.ThroughputPerSecond:N0}/s vs ideal {result.IdealPerSecond:N0}/s (service {service.TotalMilliseconds:0.00} ms; nominal {result.NominalIdealPerSecond:N0}/s), {failures} failed, " +
            $"{result.WaitedFraction:P0} waited (p50 {result.WaitP50Us:N0} us, p99 {result.WaitP99Us:N0} us), release to grant p50 {result.ReleaseToGrantP50Us:N1} us, p99 {result.ReleaseToGrantP99Us:N1} us, " +
            $"{inversions} inversion(s) in {grantCount:N0} grants");
        return result;
    }

    /// <summary>Hears the waiting line's grants for one group (the silo runs in this process).</summary>
    private sealed class GrantRecorder(string group) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ConcurrentQueue<WaitingLineGrant> grants = new();
        private readonly ConcurrentDictionary<string, long> sent = new(StringComparer.Ordinal);
        private readonly List<IDisposable> subscriptions = [];
        private volatile bool recording;

        public void Start()
        {
            recording = true;
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        /// <summary>Release-to-grant latencies (ns), how many grants, and how many went to a waiter younger than one still waiting.</summary>
        public (LongHistogram Latency, long Grants, long Inversions) Measure()
        {
            recording = false;
            var latency = new LongHistogram(TimeSpan.FromMinutes(2).Ticks * 100, 3);
            var all = grants.ToArray();
            long inversions = 0;
            var oldestLeft = new SortedSet<long>(all.Select(g => g.Arrival));
            foreach (var grant in all)
            {
                if (oldestLeft.Min < grant.Arrival)
                {
                    inversions++;
                }

                oldestLeft.Remove(grant.Arrival);
                if (sent.TryGetValue(grant.MessageId, out var sentAt) && sentAt >= grant.ServingStartedAt)
                {
                    latency.RecordValue((long)Stopwatch.GetElapsedTime(grant.ServingStartedAt, sentAt).TotalNanoseconds);
                }
            }

            return (latency, all.Length, inversions);
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == WaitingLineEvents.ListenerName)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (!recording || value.Value is not { } payload)
            {
                return;
            }

            if (value.Key == WaitingLineEvents.GrantedEvent && WaitingLineEvents.ReadGrant(payload) is { } grant && grant.Group == group)
            {
                grants.Enqueue(grant);
            }
            else if (value.Key == WaitingLineEvents.AttemptSentEvent)
            {
                var (messageId, sentAt) = WaitingLineEvents.ReadAttempt(payload);
                sent[messageId] = sentAt;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
