using Orleans.Runtime;

namespace Orleans.Dispatch.Registry;

/// <summary>The list of groups, persisted in the dispatch storage provider. Written once per group, read by operators.</summary>
internal sealed class GroupRegistryGrain(
    [PersistentState("groups", DispatchDefaults.StorageProviderName)] IPersistentState<GroupRegistryState> state) : Grain, IGroupRegistryGrain, IGroupRegistryWriterGrain
{
    public Task<IReadOnlyList<string>> GetGroups() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Groups]);

    public async Task Register(string group)
    {
        var index = state.State.Groups.BinarySearch(group, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        state.State.Groups.Insert(~index, group);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Groups.Remove(group);
            throw;
        }
    }
}
