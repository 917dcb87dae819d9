namespace Orleans.Dispatch.Bench.Grains;

/// <summary>The floor of any dispatcher that is a grain: one reentrant grain hop in front of the consumer.</summary>
[Alias("Orleans.Dispatch.Bench.IRelayGrain")]
public interface IRelayGrain : IGrainWithStringKey
{
    [Alias("Relay")]
    Task Relay(string consumer, RoutingMessage message);
}
