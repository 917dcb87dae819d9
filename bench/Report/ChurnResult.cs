using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>Dispatch p99 at 64 in flight, steady and while a consumer joins or leaves every 10 ms.</summary>
internal sealed record ChurnResult(
    [property: JsonPropertyName("p99_steady_us")] double P99SteadyUs,
    [property: JsonPropertyName("p99_churn_us")] double P99ChurnUs,
    [property: JsonPropertyName("membership_changes")] int MembershipChanges);
