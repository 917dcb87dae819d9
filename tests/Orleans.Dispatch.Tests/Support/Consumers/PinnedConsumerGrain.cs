using Orleans.Runtime;

namespace Orleans.Dispatch.Tests.Support.Consumers;

/// <summary>A consumer placed on the silo its key names (see <see cref="SiloPinnedPlacementDirector"/>).</summary>
[SiloPinnedPlacement]
public sealed class PinnedConsumerGrain(ILocalSiloDetails silo) : Grain, IPinnedConsumerGrain
{
    public Task Consume(RoutingMessage message, CancellationToken cancellationToken = default) =>
        ConsumerScript.Run(this.GetPrimaryKeyString(), message, cancellationToken);

    public Task<string> GetSilo() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
