using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dispatch.Tests.Consumers;
using Orleans.Dispatch.Tests.Functions;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Infrastructure;

/// <summary>Every test silo: dispatch with short limits, the test routing functions and the pinned placement.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TestSettings.ResponseTimeout)
            .AddDispatch(TestSettings.Apply)
            .AddRoutingFunction<ScriptedRoutingFunction>(ScriptedRoutingFunction.Name)
            .AddRoutingFunction<PickLastRoutingFunction>(PickLastRoutingFunction.Name)
            .AddRoutingFunction<GpuFirstRouting>(GpuFirstRouting.Name);
        siloBuilder.Services.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        siloBuilder.AddIncomingGrainCallFilter<CallWatchFilter>();
    }
}
