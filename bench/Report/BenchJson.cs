using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Bench.Report;

[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJson : JsonSerializerContext;
