using System.Net;
using System.Net.Sockets;
using Orleans.Dispatch.Silo.Demo;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Processes;
using StackExchange.Redis;

namespace Orleans.Dispatch.Tests.Demo;

/// <summary>
/// The silo host's Redis receipt store for the demo consumer: it never holds a thread while its
/// connection opens (a grain activation that did held the silo's thread pool long enough for its
/// peers to declare it dead), and it records once Redis answers.
/// </summary>
[Trait("Category", "Process")]
public sealed class RedisReceiptSinkTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task The_first_receipt_waits_for_a_silent_server_without_holding_the_callers_thread()
    {
        // A server that accepts the connection and never says a word, for longer than the test waits.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = ConfigurationOptions.Parse($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        options.ConnectTimeout = (int)TimeSpan.FromMinutes(2).TotalMilliseconds;
        using var cancel = new CancellationTokenSource();

        // Made and called on a thread of its own, so that a constructor or a call that blocks fails
        // the test instead of hanging it.
        var call = Task.Factory.StartNew(
            () =>
            {
                var sink = new RedisReceiptSink(options, "receipts-silent");
                return (Sink: sink, Pending: sink.RecordAsync("demo-1", new RoutingMessage("m1"), cancel.Token).AsTask());
            },
            TaskCreationOptions.LongRunning);
        var (sink, pending) = await call.WaitAsync(TestSettings.Patience);
        await using var disposing = sink;

        Assert.False(pending.IsCompleted, "the receipt completed against a server that never answered");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task A_receipt_is_appended_to_the_consumers_list()
    {
        await using var sink = new RedisReceiptSink(ConfigurationOptions.Parse(redis.ConnectionString), "receipts-ok");

        await sink.RecordAsync("demo-1", new RoutingMessage("m1"), CancellationToken.None);
        await sink.RecordAsync("demo-1", new RoutingMessage("m2"), CancellationToken.None);

        var list = await redis.Connection.GetDatabase().ListRangeAsync(RedisReceiptSink.KeyFor("receipts-ok", "demo-1"));
        Assert.Equal(["m1", "m2"], list.Select(v => v.ToString()));
    }
}
