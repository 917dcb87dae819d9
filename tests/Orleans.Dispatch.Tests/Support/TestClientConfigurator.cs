using Orleans.Configuration;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>The test client waits no longer than the silos do, and has the retrying dispatch client.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TestSettings.ResponseTimeout)
            .AddDispatchClient(o => o.CallTimeout = TestSettings.ResponseTimeout);
}
