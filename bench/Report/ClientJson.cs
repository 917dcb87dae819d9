using System.Text.Json.Serialization;
using Orleans.Dispatch.Bench.Scenarios;

namespace Orleans.Dispatch.Bench.Report;

/// <summary>One-line JSON for the client process's reports, one per path (they travel as one line of stdout).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ClientReport[]))]
internal sealed partial class ClientJson : JsonSerializerContext;
