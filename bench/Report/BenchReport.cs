using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>The whole run, in the shape issue 4 fixes, so runs compare across commits.</summary>
internal sealed record BenchReport(
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("quick")] bool Quick,
    [property: JsonPropertyName("scenarios")] IReadOnlyList<ScenarioResult> Scenarios,
    [property: JsonPropertyName("reroute")] RerouteResult Reroute,
    [property: JsonPropertyName("memory")] MemoryResult Memory,
    [property: JsonPropertyName("routing_us_per_decision")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> RoutingUsPerDecision,
    [property: JsonPropertyName("churn")] ChurnResult Churn,
    [property: JsonPropertyName("overload")] OverloadResult Overload,
    [property: JsonPropertyName("ordered")] OrderedResult Ordered,
    [property: JsonPropertyName("ceilings")] CeilingsResult? Ceilings,
    [property: JsonPropertyName("health")] HealthResult? Health = null);
