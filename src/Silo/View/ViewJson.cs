using System.Text.Json.Serialization;

namespace Orleans.Dispatch.Silo.View;

/// <summary>Source-generated JSON for the view's pages.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GroupsPage))]
[JsonSerializable(typeof(GroupPage))]
internal sealed partial class ViewJson : JsonSerializerContext;
