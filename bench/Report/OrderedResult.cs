using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>Ordered keys against unordered dispatch in the same run, and what one stalled key costs the others.</summary>
internal sealed record OrderedResult(
    [property: JsonPropertyName("throughput_per_s")] double ThroughputPerSecond,
    [property: JsonPropertyName("unordered_throughput_per_s")] double UnorderedThroughputPerSecond,
    [property: JsonPropertyName("p99_us")] double P99Us,
    [property: JsonPropertyName("unordered_p99_us")] double UnorderedP99Us,
    [property: JsonPropertyName("stalled_key_delay_p99_us")] double StalledKeyDelayP99Us,
    [property: JsonPropertyName("stalled_run_other_keys_p99_us")] double StalledRunOtherKeysP99Us);
