using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Dispatch.Tests.Hosting;

/// <summary>Options that cannot work stop the silo at start, with a message naming the option.</summary>
[Trait("Category", "Cluster")]
public sealed class SiloStartupValidationTests
{
    [Fact]
    public async Task A_dispatch_timeout_that_does_not_fit_inside_the_response_timeout_stops_the_silo()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<TooLongDispatchConfigurator>();
        var cluster = builder.Build();
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync());
            Assert.Contains("DispatchTimeout", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("ResponseTimeout", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    public sealed class TooLongDispatchConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))
            .AddDispatch(o => o.DispatchTimeout = TimeSpan.FromSeconds(10));
    }
}
