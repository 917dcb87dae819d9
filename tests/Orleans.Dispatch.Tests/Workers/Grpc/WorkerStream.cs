using Grpc.Core;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Tests.Workers.Grpc;

/// <summary>A raw worker protocol stream, driven frame by frame by a test.</summary>
internal sealed class WorkerStream(AsyncDuplexStreamingCall<WorkerFrame, SiloFrame> call) : IDisposable
{
    public static async Task<WorkerStream> AttachAsync(WorkerService.WorkerServiceClient client, string group, string consumer, int maxInFlight = 4)
    {
        var stream = new WorkerStream(client.Work());
        await stream.SendAsync(new WorkerFrame { Attach = new Attach { Group = group, ConsumerId = consumer, MaxInFlight = maxInFlight, Host = "test" } });
        Assert.Equal(SiloFrame.KindOneofCase.Attached, (await stream.NextAsync()).KindCase);
        return stream;
    }

    public Task SendAsync(WorkerFrame frame) => call.RequestStream.WriteAsync(frame);

    /// <summary>The next frame from the silo (within 30 s).</summary>
    public async Task<SiloFrame> NextAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await call.ResponseStream.MoveNext(patience.Token), "the silo ended the stream");
        return call.ResponseStream.Current;
    }

    /// <summary>How the silo ended the stream: reads until it ends, and returns the error it ended with.</summary>
    public async Task<RpcException> EndedAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(patience.Token))
            {
            }
        });
        return ended;
    }

    public void Dispose() => call.Dispose();
}
