using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>A group offered four times its total slots: how close to the ideal it serves, how long dispatches wait, and how fairly.</summary>
internal sealed record OverloadResult(
    [property: JsonPropertyName("throughput_per_s")] double ThroughputPerSecond,
    [property: JsonPropertyName("ideal_per_s")] double IdealPerSecond,
    [property: JsonPropertyName("nominal_ideal_per_s")] double NominalIdealPerSecond,
    [property: JsonPropertyName("failures")] long Failures,
    [property: JsonPropertyName("waited_fraction")] double WaitedFraction,
    [property: JsonPropertyName("wait_p50_us")] double WaitP50Us,
    [property: JsonPropertyName("wait_p99_us")] double WaitP99Us,
    [property: JsonPropertyName("release_to_grant_p50_us")] double ReleaseToGrantP50Us,
    [property: JsonPropertyName("release_to_grant_p99_us")] double ReleaseToGrantP99Us,
    [property: JsonPropertyName("grants")] long Grants,
    [property: JsonPropertyName("inversions_fraction")] double InversionsFraction);
