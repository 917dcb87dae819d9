using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>A provider registered under the dispatch storage name wins, whichever side of AddDispatch it is on.</summary>
[Trait("Category", "Unit")]
public sealed class StorageRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_provider_named_dispatch_replaces_the_in_memory_default(bool registerFirst)
    {
        var mine = new NamedStorage();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            if (registerFirst)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(DispatchDefaults.StorageProviderName, mine);
                silo.AddDispatch();
            }
            else
            {
                silo.AddDispatch();
                silo.Services.AddKeyedSingleton<IGrainStorage>(DispatchDefaults.StorageProviderName, mine);
            }
        });
        using var host = builder.Build();

        Assert.Same(mine, host.Services.GetRequiredKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName));
    }

    [Fact]
    public void Without_a_provider_the_dispatch_storage_is_in_memory()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddDispatch());
        using var host = builder.Build();

        Assert.IsType<MemoryGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(DispatchDefaults.StorageProviderName));
    }

    private sealed class NamedStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
