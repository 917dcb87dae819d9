using Orleans.Configuration;
using Orleans.Dispatch.Tests.Support.Functions;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>
/// One silo whose limits let <see cref="SlowRoutingFunction"/> run legally (routing timeout 1 s)
/// while a group call times out after two of its runs (group call timeout 1.2 s), with attempt and
/// dispatch timeouts long enough that a dispatch waiting on a claim to expire would show plainly.
/// </summary>
public sealed class SlowRoutingClusterFixture : ClusterFixture
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    protected override short Silos => 1;

    protected override void Configure(TestClusterBuilder builder)
    {
        builder.AddSiloBuilderConfigurator<Limits>();
        builder.AddClientBuilderConfigurator<ClientLimits>();
    }

    private sealed class ClientLimits : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(40));
    }

    private sealed class Limits : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(40));
            siloBuilder.Configure<DispatchOptions>(o =>
            {
                o.RoutingTimeout = TimeSpan.FromSeconds(1);
                o.GroupCallTimeout = TimeSpan.FromSeconds(1.2);
                o.AttemptTimeout = AttemptTimeout;
                o.DispatchTimeout = TimeSpan.FromSeconds(30);
            });
        }
    }
}
