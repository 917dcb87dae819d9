using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>One silo whose groups let at most <see cref="MaxWaiting"/> dispatches wait for room.</summary>
public sealed class SmallLineClusterFixture : ClusterFixture
{
    public const int MaxWaiting = 2;

    protected override short Silos => 1;

    protected override void Configure(TestClusterBuilder builder) => builder.AddSiloBuilderConfigurator<SmallLine>();

    private sealed class SmallLine : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<DispatchOptions>(o => o.MaxWaitingPerGroup = MaxWaiting);
    }
}
