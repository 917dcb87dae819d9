using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>
/// The single-activation ceilings at 64 in flight in-process: the share of one core the silo's
/// dispatch grain activation and the group's activation each used, and the throughput they served.
/// An activation runs on one core at a time, so throughput / share is what it could serve at most.
/// </summary>
internal sealed record CeilingsResult(
    [property: JsonPropertyName("dispatch_grain_core_share")] double DispatchGrainCoreShare,
    [property: JsonPropertyName("group_core_share")] double GroupCoreShare,
    [property: JsonPropertyName("throughput_per_s")] double ThroughputPerSecond)
{
    /// <summary>The throughput at which the busier of the two activations would use a whole core.</summary>
    [JsonPropertyName("implied_ceiling_per_s")]
    public double ImpliedCeilingPerSecond => ThroughputPerSecond / Math.Max(Math.Max(DispatchGrainCoreShare, GroupCoreShare), 1e-9);
}
