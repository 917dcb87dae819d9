using Orleans.Dispatch.Internal;
using Orleans.Runtime;
using Orleans.Dispatch.Storage;

namespace Orleans.Dispatch.Registry;

/// <summary>The list of groups, persisted in the dispatch storage provider. Written once per group, read by operators.</summary>
internal sealed class GroupRegistryGrain(
    [PersistentState("groups", DispatchDefaults.StorageProviderName)] IPersistentState<GroupRegistryState> state) : Grain, IGroupRegistryGrain, IGroupRegistryWriterGrain
{
    public Task<IReadOnlyList<string>> GetGroups() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Groups]);

    public Task Register(string group)
    {
        var index = state.State.Groups.BinarySearch(group, StringComparer.Ordinal);
        if (index >= 0)
        {
            return Task.CompletedTask;
        }

        var groups = new List<string>(state.State.Groups);
        groups.Insert(~index, group);
        return state.ReplaceAsync(new GroupRegistryState { Groups = groups });
    }
}
