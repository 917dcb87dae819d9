using System.Net;
using Orleans.Dispatch.Workers;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Dispatch.Tests.Workers;

/// <summary>
/// A stream worker's grain key names the silo serving its stream, and the placement puts the grain
/// there whoever activates it; any other worker grain goes where it is activated.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WorkerPlacementTests
{
    private static readonly SiloAddress Serving = SiloAddress.New(IPAddress.Loopback, 11111, 7);
    private static readonly SiloAddress Local = SiloAddress.New(IPAddress.Loopback, 11112, 7);
    private static readonly SiloAddress Other = SiloAddress.New(IPAddress.Loopback, 11113, 7);

    [Fact]
    public void A_stream_workers_key_names_its_serving_silo_and_still_parses_as_a_worker_key()
    {
        var key = WorkerKey.ForStream("inference", new ConsumerId("py-1"), Guid.NewGuid(), Serving);

        Assert.Equal(Serving, WorkerKey.ServingSilo(key));
        Assert.Equal(("inference", new ConsumerId("py-1")), WorkerKey.Parse(key));
    }

    [Theory]
    [InlineData("5:group/2:id/0123456789abcdef0123456789abcdef")]
    [InlineData("5:group/2:id/0123456789abcdef0123456789abcdef/")]
    [InlineData("5:group/2:id/0123456789abcdef0123456789abcdef/9:not-silo")]
    [InlineData("5:group/2:id/0123456789abcdef0123456789abcdef/99:127.0.0.1:11111@7")]
    [InlineData("5:group/2:id/short/24:127.0.0.1:11111@7")]
    [InlineData("not a key")]
    public void Any_other_key_names_no_serving_silo(string key) => Assert.Null(WorkerKey.ServingSilo(key));

    [Fact]
    public async Task A_stream_workers_grain_goes_to_its_serving_silo_from_any_silo()
    {
        var key = WorkerKey.ForStream("inference", new ConsumerId("py-1"), Guid.NewGuid(), Serving);

        Assert.Equal(Serving, await PlaceAsync(key, new Context(Local, SiloStatus.Active, Serving, Local, Other)));
    }

    [Fact]
    public async Task A_stream_workers_grain_whose_serving_silo_is_gone_goes_to_the_silo_placing_it()
    {
        var key = WorkerKey.ForStream("inference", new ConsumerId("py-1"), Guid.NewGuid(), Serving);

        Assert.Equal(Local, await PlaceAsync(key, new Context(Local, SiloStatus.Active, Local, Other)));
    }

    [Fact]
    public async Task An_orleans_client_workers_grain_goes_to_the_silo_placing_it_or_any_compatible_one_when_that_one_is_stopping()
    {
        var key = WorkerKey.For("inference", new ConsumerId("net-1"), Guid.NewGuid());

        Assert.Equal(Local, await PlaceAsync(key, new Context(Local, SiloStatus.Active, Serving, Local, Other)));
        Assert.Equal(Other, await PlaceAsync(key, new Context(Local, SiloStatus.ShuttingDown, Other)));
    }

    private static Task<SiloAddress> PlaceAsync(string key, IPlacementContext context) =>
        new WorkerPlacementDirector().OnAddActivation(
            WorkerPlacement.Instance,
            new PlacementTarget(GrainId.Create("worker", key), [], default, 0),
            context);

    private sealed class Context(SiloAddress local, SiloStatus status, params SiloAddress[] compatible) : IPlacementContext
    {
        public SiloAddress LocalSilo => local;

        public SiloStatus LocalSiloStatus => status;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => compatible;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) => new Dictionary<ushort, SiloAddress[]> { [0] = compatible };
    }
}
