namespace Orleans.Dispatch.Bench.Report;

/// <summary>The ratios the targets are stated in, printed beside the raw figures (never asserted).</summary>
internal static class Summary
{
    public static void Print(BenchReport report)
    {
        Console.WriteLine();
        Console.WriteLine("targets (dispatch against the relay and against the skeleton, the floor of its shape, same run):");
        foreach (var client in new[] { "in-process", "tcp", "cluster" })
        {
            var dispatch = Find(report, "dispatch", client, 64);
            var relay = Find(report, "relay", client, 64);
            var skeleton = Find(report, "skeleton", client, 64);
            if (dispatch is not null && relay is not null)
            {
                var ratio = dispatch.ThroughputPerSecond / relay.ThroughputPerSecond;
                Line($"throughput at 64 in flight vs relay, {client}", $"{ratio:0.00}x ({dispatch.ThroughputPerSecond:N0} vs {relay.ThroughputPerSecond:N0}/s)", ratio >= 0.75 ? "target 0.75x met" : "MISSED 0.75x");
            }

            if (dispatch is not null && skeleton is not null)
            {
                var ratio = dispatch.ThroughputPerSecond / skeleton.ThroughputPerSecond;
                Line($"throughput at 64 in flight vs skeleton, {client}", $"{ratio:0.00}x ({dispatch.ThroughputPerSecond:N0} vs {skeleton.ThroughputPerSecond:N0}/s)", client != "in-process" ? "reported" : ratio >= 0.9 ? "target 0.9x met" : "MISSED 0.9x");
            }

            if (dispatch is not null && Find(report, "skeleton-ct", client, 64) is { } tokens)
            {
                Line($"throughput at 64 in flight vs skeleton with tokens, {client}", $"{dispatch.ThroughputPerSecond / tokens.ThroughputPerSecond:0.00}x ({dispatch.ThroughputPerSecond:N0} vs {tokens.ThroughputPerSecond:N0}/s)", "reported");
            }

            if (dispatch?.GroupCallsPerDispatch is { } calls)
            {
                Line($"group calls per dispatch at 64 in flight, {client}", $"{calls:0.000}", calls <= 0.25 ? "target 0.25 met" : "MISSED 0.25");
            }
        }

        foreach (var client in new[] { "in-process", "tcp" })
        {
            var dispatch = Find(report, "dispatch", client, 1);
            var relay = Find(report, "relay", client, 1);
            var skeleton = Find(report, "skeleton", client, 1);
            if (dispatch is not null && skeleton is not null)
            {
                var ratio = dispatch.P50Us / skeleton.P50Us;
                Line($"p50 at 1 in flight vs skeleton, {client}", $"{ratio:0.00}x ({dispatch.P50Us:N1} vs {skeleton.P50Us:N1} us)", ratio <= 1.1 ? "target 1.1x met" : "MISSED 1.1x");
            }

            if (dispatch is not null && Find(report, "skeleton-ct", client, 1) is { } tokens)
            {
                Line($"p50 at 1 in flight vs skeleton with tokens, {client}", $"{dispatch.P50Us / tokens.P50Us:0.00}x ({dispatch.P50Us:N1} vs {tokens.P50Us:N1} us)", "reported");
            }

            if (dispatch is not null && relay is not null)
            {
                Line($"p50 at 1 in flight vs relay, {client}", $"{dispatch.P50Us / relay.P50Us:0.00}x ({dispatch.P50Us:N1} vs {relay.P50Us:N1} us)", "reported");
            }
        }

        foreach (var concurrency in new[] { 1, 64 })
        {
            var dispatch = Find(report, "dispatch", "in-process", concurrency);
            var skeleton = Find(report, "skeleton", "in-process", concurrency);
            if (dispatch is not null && skeleton is not null)
            {
                var ratio = dispatch.AllocBytesPerMessage / skeleton.AllocBytesPerMessage;
                Line($"allocation per dispatch vs skeleton, {concurrency} in flight", $"{ratio:0.00}x ({dispatch.AllocBytesPerMessage:N0} vs {skeleton.AllocBytesPerMessage:N0} B)", ratio <= 1.5 ? "target 1.5x met" : "MISSED 1.5x");
                Line($"CPU per dispatch vs skeleton, {concurrency} in flight", $"{dispatch.CpuUsPerMessage / skeleton.CpuUsPerMessage:0.00}x ({dispatch.CpuUsPerMessage:N1} vs {skeleton.CpuUsPerMessage:N1} us)", "reported");
            }
        }

        foreach (var concurrency in new[] { 1, 64 })
        {
            var worker = Find(report, "worker", "tcp", concurrency);
            var dispatch = Find(report, "dispatch", "tcp", concurrency);
            if (worker is not null && dispatch is not null)
            {
                Line($"to worker processes vs to grains, tcp, {concurrency} in flight", $"{worker.ThroughputPerSecond / dispatch.ThroughputPerSecond:0.00}x ({worker.ThroughputPerSecond:N0} vs {dispatch.ThroughputPerSecond:N0}/s, p50 {worker.P50Us:N0} vs {dispatch.P50Us:N0} us)", "reported");
                if (Find(report, "grpc-worker", "tcp", concurrency) is { } grpc)
                {
                    var ratio = grpc.ThroughputPerSecond / worker.ThroughputPerSecond;
                    var p50 = grpc.P50Us / worker.P50Us;
                    Line($"gRPC workers vs Orleans-client workers, tcp, {concurrency} in flight", $"{ratio:0.00}x ({grpc.ThroughputPerSecond:N0} vs {worker.ThroughputPerSecond:N0}/s), p50 {p50:0.00}x ({grpc.P50Us:N0} vs {worker.P50Us:N0} us)",
                        concurrency == 64 ? (ratio >= 0.8 ? "target 0.8x met" : "MISSED 0.8x") : (p50 <= 1.2 ? "target p50 1.2x met" : "MISSED p50 1.2x"));
                }
            }
        }

        if (report.Ceilings is { } ceilings)
        {
            Line("ceilings at 64 in flight: dispatch grain / group", $"{ceilings.DispatchGrainCoreShare:P0} / {ceilings.GroupCoreShare:P0} of a core at {ceilings.ThroughputPerSecond:N0}/s", $"reported (implies {ceilings.ImpliedCeilingPerSecond:N0}/s per group)");
        }

        var relayHop = Find(report, "relay", "in-process", 1)?.P50Us ?? 0;
        Line("reroute, detection to next attempt p99", $"{report.Reroute.DetectionToRerouteP99Us:N1} us", report.Reroute.DetectionToRerouteP99Us < 1000 ? "target 1 ms met" : "MISSED 1 ms");
        Line("reroute, extra latency p50 vs one relay hop", $"{report.Reroute.ExtraLatencyP50Us:N1} us vs {relayHop:N1} us", "reported");
        Line($"heap growth after {report.Memory.Dispatches:N0} dispatches", $"{report.Memory.HeapGrowthMb:N1} MB, {report.Memory.ConversationActivationsLeft} conversations left", report.Memory.HeapGrowthMb < 32 && report.Memory.ConversationActivationsLeft == 0 ? "target met" : "MISSED 32 MB / 0 left");
        foreach (var (function, sizes) in report.RoutingUsPerDecision)
        {
            var at1000 = sizes["1000"];
            Line($"routing {function} at 1,000 consumers", $"{at1000:N2} us (10,000: {sizes["10000"]:N2} us)", at1000 < 20 ? "target 20 us met" : "MISSED 20 us");
        }

        var overload = report.Overload;
        var served = overload.ThroughputPerSecond / overload.IdealPerSecond;
        Line("overload: throughput vs ideal (4x the slots offered)", $"{served:0.00}x ({overload.ThroughputPerSecond:N0} vs {overload.IdealPerSecond:N0}/s)", served >= 0.9 ? "target 0.9x met" : "MISSED 0.9x");
        Line("overload: failures", $"{overload.Failures:N0}", overload.Failures == 0 ? "target 0 met" : "MISSED 0");
        Line("overload: release to grant p99", $"{overload.ReleaseToGrantP99Us:N1} us (p50 {overload.ReleaseToGrantP50Us:N1} us)", overload.ReleaseToGrantP99Us < 1000 ? "target 1 ms met" : "MISSED 1 ms");
        Line("overload: grant-order inversions", $"{overload.InversionsFraction:P2} of {overload.Grants:N0} grants", overload.InversionsFraction < 0.01 ? "target 1% met" : "MISSED 1%");
        Line("overload: wait p50 / p99", $"{overload.WaitP50Us:N0} / {overload.WaitP99Us:N0} us ({overload.WaitedFraction:P0} waited)", "reported");

        var ordered = report.Ordered;
        var orderedRatio = ordered.ThroughputPerSecond / ordered.UnorderedThroughputPerSecond;
        Line("ordered keys: throughput vs unordered", $"{orderedRatio:0.00}x ({ordered.ThroughputPerSecond:N0} vs {ordered.UnorderedThroughputPerSecond:N0}/s)", orderedRatio >= 0.8 ? "target 0.8x met" : "MISSED 0.8x");
        Line("ordered keys: p99", $"{ordered.P99Us:N0} us (unordered {ordered.UnorderedP99Us:N0} us)", "reported");
        Line("ordered keys: a stalled key's delay to the others (p99)", $"{ordered.StalledKeyDelayP99Us:+#,0;-#,0} us (others' p99 {ordered.StalledRunOtherKeysP99Us:N0} us)", "reported (target: none measurable)");

        var churn = report.Churn.P99ChurnUs / report.Churn.P99SteadyUs;
        Line("p99 under churn vs steady", $"{churn:0.00}x ({report.Churn.P99ChurnUs:N0} vs {report.Churn.P99SteadyUs:N0} us)", churn <= 1.5 ? "target 1.5x met" : "MISSED 1.5x");
    }

    private static ScenarioResult? Find(BenchReport report, string name, string client, int concurrency) =>
        report.Scenarios.FirstOrDefault(s => s.Name == name && s.Client == client && s.Concurrency == concurrency);

    private static void Line(string what, string value, string verdict) => Console.WriteLine($"  {what,-45} {value,-45} {verdict}");
}
