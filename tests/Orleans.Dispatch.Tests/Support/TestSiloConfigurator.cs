using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dispatch.Tests.Support.Functions;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>Every test silo: dispatch with short limits, storage that can be made to fail, the test routing functions and the pinned placement.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        // Registered before AddDispatch, which then adds no in-memory storage of its own.
        siloBuilder.Services.AddKeyedSingleton<IGrainStorage, FaultyGrainStorage>(DispatchDefaults.StorageProviderName);
        siloBuilder
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TestSettings.ResponseTimeout)
            .AddDispatch(TestSettings.Apply)
            .AddRoutingFunction<ScriptedRoutingFunction>(ScriptedRoutingFunction.Name)
            .AddRoutingFunction<PickLastRoutingFunction>(PickLastRoutingFunction.Name)
            .AddRoutingFunction<GpuFirstRouting>(GpuFirstRouting.Name)
            .AddRoutingFunction<SlowRoutingFunction>(SlowRoutingFunction.Name)
            .AddRoutingFunction<GatedRoutingFunction>(GatedRoutingFunction.Name);
        siloBuilder.Services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        siloBuilder.AddIncomingGrainCallFilter<CallWatchFilter>();
    }
}
