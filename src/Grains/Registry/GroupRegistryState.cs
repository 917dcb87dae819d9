namespace Orleans.Dispatch.Registry;

/// <summary>The persisted list of group names, in ordinal order.</summary>
[GenerateSerializer, Alias("Orleans.Dispatch.GroupRegistryState")]
internal sealed class GroupRegistryState
{
    [Id(0)]
    public List<string> Groups { get; set; } = [];
}
