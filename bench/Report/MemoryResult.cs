using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>The process's memory before and after many dispatches, after full collections.</summary>
internal sealed record MemoryResult(
    [property: JsonPropertyName("dispatches")] int Dispatches,
    [property: JsonPropertyName("heap_growth_mb")] double HeapGrowthMb,
    [property: JsonPropertyName("working_set_growth_mb")] double WorkingSetGrowthMb,
    [property: JsonPropertyName("conversation_activations_left")] int ConversationActivationsLeft,
    [property: JsonPropertyName("heap_bytes_per_dispatch")] double HeapBytesPerDispatch,
    [property: JsonPropertyName("idempotency_window_at_100k_s")] double IdempotencyWindowAt100kPerSecond);
