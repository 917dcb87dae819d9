using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>One throughput scenario, as written to the JSON report.</summary>
internal sealed record ScenarioResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("client")] string Client,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("throughput_per_s")] double ThroughputPerSecond,
    [property: JsonPropertyName("p50_us")] double P50Us,
    [property: JsonPropertyName("p99_us")] double P99Us,
    [property: JsonPropertyName("p999_us")] double P999Us,
    [property: JsonPropertyName("cpu_us_per_msg")] double CpuUsPerMessage,
    [property: JsonPropertyName("alloc_bytes_per_msg")] double AllocBytesPerMessage)
{
    /// <summary>Orleans messages to the group per dispatch, counted (dispatch scenarios only).</summary>
    [JsonPropertyName("group_calls_per_dispatch")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GroupCallsPerDispatch { get; init; }
}
