using Orleans.Dispatch.Demo;
using StackExchange.Redis;

namespace Orleans.Dispatch.Silo.Demo;

/// <summary>
/// Appends each message id a demo consumer acknowledges to the Redis list
/// <c>{serviceId}:demo-receipts:{consumerKey}</c>, before acknowledging, so receipts outlive the silo.
/// </summary>
internal sealed class RedisReceiptSink(IConnectionMultiplexer redis, string serviceId) : IDemoReceiptSink
{
    public static RedisKey KeyFor(string serviceId, string consumerKey) => $"{serviceId}:demo-receipts:{consumerKey}";

    public async ValueTask RecordAsync(string consumerKey, RoutingMessage message, CancellationToken cancellationToken) =>
        await redis.GetDatabase().ListRightPushAsync(KeyFor(serviceId, consumerKey), message.Id).WaitAsync(cancellationToken);
}
