using Orleans.Dispatch.Demo;
using StackExchange.Redis;

namespace Orleans.Dispatch.Silo.Demo;

/// <summary>
/// Appends each message id a demo consumer acknowledges to the Redis list
/// <c>{serviceId}:demo-receipts:{consumerKey}</c>, before acknowledging, so receipts outlive the silo.
/// </summary>
/// <remarks>
/// The connection opens on the first receipt, asynchronously. It was a synchronous connect in
/// the consumer's constructor: on a 2-core machine the first two activations held both of the
/// thread pool's threads for 3.5 s, the silo answered no membership probe, and its peer declared
/// it dead. Opened this way, nothing waits on a thread, and a connection that fails at first keeps
/// being retried in the background instead of failing every receipt after it.
/// </remarks>
internal sealed class RedisReceiptSink : IDemoReceiptSink, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> connection;
    private readonly string serviceId;

    public RedisReceiptSink(ConfigurationOptions options, string serviceId)
    {
        var own = options.Clone();
        own.AbortOnConnectFail = false;
        connection = new(() => ConnectionMultiplexer.ConnectAsync(own));
        this.serviceId = serviceId;
    }

    public static RedisKey KeyFor(string serviceId, string consumerKey) => $"{serviceId}:demo-receipts:{consumerKey}";

    public async ValueTask RecordAsync(string consumerKey, RoutingMessage message, CancellationToken cancellationToken)
    {
        var redis = await connection.Value.WaitAsync(cancellationToken);
        await redis.GetDatabase().ListRightPushAsync(KeyFor(serviceId, consumerKey), message.Id).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }
}
