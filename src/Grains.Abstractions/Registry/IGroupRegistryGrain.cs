namespace Orleans.Dispatch;

/// <summary>
/// The cluster's list of consumer groups, for operators. A group is listed from its first
/// change (a consumer added, a routing function set). Get it with key <see cref="Key"/>.
/// </summary>
[Alias("Orleans.Dispatch.IGroupRegistryGrain")]
public interface IGroupRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The registry's grain key: 0.</summary>
    const long Key = 0;

    /// <summary>Gets the names of the groups, in ordinal order.</summary>
    [Alias("GetGroups")]
    Task<IReadOnlyList<string>> GetGroups();
}
