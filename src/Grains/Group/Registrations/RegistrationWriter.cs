using Orleans.Dispatch.Internal;
using Orleans.Runtime;
using Orleans.Dispatch.Group.Consumers;
using Orleans.Dispatch.Storage;
using Orleans.Storage;

namespace Orleans.Dispatch.Group.Registrations;

/// <summary>
/// Writes a group's registrations one change at a time, while routing goes on with the
/// registrations in force, and applies a change to the live consumers once storage has it. After
/// a failed write, memory follows what storage holds (the write may have committed), so what a
/// new activation loads is what this one routes with. A write that finds another writer's state
/// (an ETag conflict) is made again, once, of the state read back.
/// </summary>
internal sealed class RegistrationWriter(IPersistentState<ConsumerGroupState> state, ConsumerTable consumers, IGrainFactory grains)
{
    /// <summary>The latest change's end: each change waits for the one before (the grain's turns make this a queue).</summary>
    private Task lastChange = Task.CompletedTask;

    /// <summary>
    /// Writes the state <paramref name="change"/> makes of the current one (null: nothing to
    /// write), then applies the registration <paramref name="changed"/> (null: none) to the live
    /// consumers. True when <paramref name="changed"/> was not registered before.
    /// </summary>
    public async Task<bool> ChangeAsync(Func<ConsumerGroupState, Task<ConsumerGroupState?>> change, ConsumerId? changed)
    {
        var previous = lastChange;
        var done = new TaskCompletionSource();
        lastChange = done.Task;
        await previous;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var wasNew = changed is not null && !state.State.Consumers.Exists(c => c.Id == changed.Value);
                if (await change(state.State) is not { } next)
                {
                    return wasNew;
                }

                try
                {
                    await state.ReplaceAsync(next);
                }
                catch (Exception exception)
                {
                    state.State.ApplyTo(consumers, grains);
                    if (exception is InconsistentStateException && attempt == 1)
                    {
                        // Another activation of this group wrote since this one read: one lost with its
                        // silo can still finish its last write (its hand-over) after the next one loaded.
                        // The state was read back: make the change again of what storage holds.
                        continue;
                    }

                    throw;
                }

                if (changed is not null)
                {
                    state.State.ApplyTo(consumers, grains, changed);
                }

                return wasNew;
            }
        }
        finally
        {
            done.SetResult();
        }
    }
}
