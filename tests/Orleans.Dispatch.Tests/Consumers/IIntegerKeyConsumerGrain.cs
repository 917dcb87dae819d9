namespace Orleans.Dispatch.Tests.Consumers;

[Alias("Orleans.Dispatch.Tests.IIntegerKeyConsumerGrain")]
public interface IIntegerKeyConsumerGrain : IConsumerGrain, IGrainWithIntegerKey
{
}
