using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Silo.Hosting;

/// <summary>Source-generated JSON for <see cref="HealthReport"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthReportJson : JsonSerializerContext;
