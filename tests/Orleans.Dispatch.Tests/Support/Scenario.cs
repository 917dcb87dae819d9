using Orleans.Dispatch.Tests.Support.Consumers;

namespace Orleans.Dispatch.Tests.Support;

/// <summary>One test's group, with consumer keys of its own so tests never share state.</summary>
public sealed class Scenario(IClusterClient client)
{
    public string Group { get; } = $"group-{Guid.NewGuid():N}";

    public IConsumerGroupGrain GroupGrain => client.GetGrain<IConsumerGroupGrain>(Group);

    public IDispatchGrain Dispatcher => client.GetGrain<IDispatchGrain>(Group);

    public IDeadLetterGrain DeadLetters => client.GetGrain<IDeadLetterGrain>(Group);

    public string KeyOf(string id) => $"{Group}/{id}";

    /// <summary>Registers a <see cref="TestConsumerGrain"/> under <paramref name="id"/> that behaves as told (acknowledges by default).</summary>
    public async Task<ConsumerId> AddAsync(string id, ConsumerBehavior? behavior = null, int? maxInFlight = null, string[]? tags = null)
    {
        ConsumerScript.Set(KeyOf(id), behavior ?? Behave.Acknowledge);
        var consumerId = new ConsumerId(id);
        await GroupGrain.AddConsumer(new ConsumerRegistration(consumerId, client.GetGrain<ITestConsumerGrain>(KeyOf(id)))
        {
            MaxInFlight = maxInFlight ?? ConsumerRegistration.DefaultMaxInFlight,
            AffinityTags = tags ?? [],
        });
        return consumerId;
    }

    public async Task UseAsync(string function) => await GroupGrain.SetRoutingFunction(function);

    public Task<DispatchOutcome> DispatchAsync(RoutingMessage message, CancellationToken cancellationToken = default) =>
        Dispatcher.Dispatch(message, cancellationToken);

    public IReadOnlyList<RoutingMessage> ReceivedBy(string id) => ConsumerScript.Receipts(KeyOf(id));

    public async Task<int> InFlightAsync(string id) =>
        (await GroupGrain.GetSnapshot()).Consumers.Single(c => c.Consumer.Value == id).CurrentInFlight;

    public async Task<bool> NothingInFlightAsync() =>
        (await GroupGrain.GetSnapshot()).Consumers.All(c => c.CurrentInFlight == 0);
}
