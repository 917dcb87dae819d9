using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>Dispatches whose first-chosen consumer throws.</summary>
internal sealed record RerouteResult(
    [property: JsonPropertyName("dispatches")] int Dispatches,
    [property: JsonPropertyName("detection_to_reroute_p50_us")] double DetectionToRerouteP50Us,
    [property: JsonPropertyName("detection_to_reroute_p99_us")] double DetectionToRerouteP99Us,
    [property: JsonPropertyName("extra_latency_p50_us")] double ExtraLatencyP50Us,
    [property: JsonPropertyName("rerouted_p50_us")] double ReroutedP50Us,
    [property: JsonPropertyName("plain_p50_us")] double PlainP50Us);
