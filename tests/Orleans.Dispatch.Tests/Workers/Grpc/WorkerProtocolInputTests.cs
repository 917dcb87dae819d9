using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Orleans.Dispatch.Tests.Support;
using Orleans.Dispatch.Tests.Support.Processes;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Tests.Workers.Grpc;

/// <summary>
/// Bad input on the worker protocol, against a real silo host process: each case ends its own stream
/// (or only the one delivery) with a status that names the problem, the deliveries that stream held
/// are rerouted, and the silo goes on serving other workers.
/// </summary>
[Collection(RealProcesses.Name)]
[Trait("Category", "Process")]
public sealed class WorkerProtocolInputTests
{
    [Fact]
    public async Task Each_kind_of_bad_input_ends_its_stream_or_its_delivery_with_a_named_error_and_never_the_silo()
    {
        var gatewayPort = FreePort.Next();
        var workersUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var silo = ChildProcess.Start("silo", "dotnet", [RepoPaths.SiloDll], new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Http__Url"] = httpUrl,
            ["Workers__Url"] = workersUrl,
            ["Dispatch__AttemptTimeout"] = "00:00:03",
        });
        await silo.LineContainingAsync("Exposed: silo port").WaitAsync(TimeSpan.FromSeconds(60));
        using var channel = GrpcChannel.ForAddress(workersUrl);
        var workers = new WorkerService.WorkerServiceClient(channel);
        await using var orleans = await ProcessClusterClient.ConnectToLocalhostAsync(gatewayPort);

        // A first frame that is not Attach.
        using (var stream = new WorkerStream(workers.Work()))
        {
            await stream.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = 1 } });
            var ended = await stream.EndedAsync();
            Assert.Equal((StatusCode.InvalidArgument, "the first frame must be Attach, not Ack"), (ended.StatusCode, ended.Status.Detail));
        }

        // An Attach to a group name that is not valid, and one with a max in flight out of range.
        foreach (var (attach, problem) in new[]
        {
            (new Attach { Group = "bad\u0001name", ConsumerId = "w", MaxInFlight = 1 }, "The group name (the grain key)"),
            (new Attach { Group = "g", ConsumerId = "w", MaxInFlight = 0 }, "max_in_flight 0 is outside 1 to"),
            (new Attach { Group = "g", ConsumerId = "", MaxInFlight = 1 }, "Attach refused"),
        })
        {
            using var stream = new WorkerStream(workers.Work());
            await stream.SendAsync(new WorkerFrame { Attach = attach });
            var ended = await stream.EndedAsync();
            Assert.Equal(StatusCode.InvalidArgument, ended.StatusCode);
            Assert.StartsWith("Attach refused: ", ended.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(problem, ended.Status.Detail, StringComparison.Ordinal);
        }

        // An answer for a delivery never sent (more answers than deliveries), and a second Attach.
        using (var stream = await WorkerStream.AttachAsync(workers, "inputs", "never-sent"))
        {
            await stream.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = 7 } });
            var ended = await stream.EndedAsync();
            Assert.Equal((StatusCode.InvalidArgument, "Ack for delivery 7, which was never sent to this worker"), (ended.StatusCode, ended.Status.Detail));
        }

        using (var stream = await WorkerStream.AttachAsync(workers, "inputs", "twice"))
        {
            await stream.SendAsync(new WorkerFrame { Attach = new Attach { Group = "inputs", ConsumerId = "twice", MaxInFlight = 1 } });
            Assert.Equal("Attach may be sent only once, as the first frame", (await stream.EndedAsync()).Status.Detail);
        }

        // A duplicate Ack: the first acknowledges the message; the second ends the stream, and the message is not delivered again.
        using (var stream = await WorkerStream.AttachAsync(workers, "dup", "w1"))
        {
            var dispatch = orleans.Dispatcher.DispatchAsync("dup", new RoutingMessage("dup-1"));
            var deliver = (await stream.NextAsync()).Deliver;
            Assert.Equal("dup-1", deliver.MessageId);
            await stream.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = deliver.DeliveryId } });
            Assert.Equal("w1", (await dispatch).DeliveredTo.Value);
            await stream.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = deliver.DeliveryId } });
            var ended = await stream.EndedAsync();
            Assert.Equal($"Ack for delivery {deliver.DeliveryId}, which this worker no longer holds (it was answered already)", ended.Status.Detail);
        }

        // A Fail is a crash of that one delivery: the message goes to another consumer, and the stream goes on.
        using (var failing = await WorkerStream.AttachAsync(workers, "fail", "a"))
        using (var healthy = await WorkerStream.AttachAsync(workers, "fail", "b"))
        {
            await orleans.Client.GetGrain<IConsumerGroupGrain>("fail").SetRoutingFunction("first-available");
            var dispatch = orleans.Dispatcher.DispatchAsync("fail", new RoutingMessage("fail-1"));
            var first = (await failing.NextAsync()).Deliver;
            await failing.SendAsync(new WorkerFrame { Fail = new Fail { DeliveryId = first.DeliveryId, Reason = "no GPU" } });
            var second = (await healthy.NextAsync()).Deliver;
            await healthy.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = second.DeliveryId } });
            var outcome = await dispatch;
            Assert.Equal("b", outcome.DeliveredTo.Value);
            Assert.Equal("WorkerFailedException: no GPU", Assert.Single(outcome.Crashes).Failure);
        }

        // A delivery not answered within the attempt timeout: the silo sends Cancel and reroutes it, a
        // late answer is ignored, and the stream goes on (a buffer depth reaches the group; a negative one ends it).
        using (var slow = await WorkerStream.AttachAsync(workers, "slow", "a"))
        using (var quick = await WorkerStream.AttachAsync(workers, "slow", "b"))
        {
            var group = orleans.Client.GetGrain<IConsumerGroupGrain>("slow");
            await group.SetRoutingFunction("first-available");
            var dispatch = orleans.Dispatcher.DispatchAsync("slow", new RoutingMessage("slow-1"));
            var held = (await slow.NextAsync()).Deliver;
            Assert.Equal(held.DeliveryId, (await slow.NextAsync()).Cancel.DeliveryId);
            var rerouted = (await quick.NextAsync()).Deliver;
            await quick.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = rerouted.DeliveryId } });
            Assert.Equal("b", (await dispatch).DeliveredTo.Value);
            await slow.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = held.DeliveryId } });
            await slow.SendAsync(new WorkerFrame { BufferDepth = new BufferDepth { Depth = 5 } });
            await Eventually.HoldsAsync(
                async () => (await group.GetSnapshot()).Consumers.Single(c => c.Consumer.Value == "a").BufferDepth == 5,
                what: "the stream worker's buffer depth in the group's snapshot");
            await slow.SendAsync(new WorkerFrame { BufferDepth = new BufferDepth { Depth = -1 } });
            Assert.Equal("BufferDepth must not be negative, not -1", (await slow.EndedAsync()).Status.Detail);
        }

        // A malformed frame: bytes that are not a WorkerFrame, on the protocol's method.
        var raw = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "orleans.dispatch.workers.v1.WorkerService", "Work", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        using (var malformed = channel.CreateCallInvoker().AsyncDuplexStreamingCall(raw, null, default))
        {
            await malformed.RequestStream.WriteAsync([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
            var ended = await Assert.ThrowsAsync<RpcException>(async () => await malformed.ResponseStream.MoveNext(CancellationToken.None));
            Assert.NotEqual(StatusCode.OK, ended.StatusCode);
        }

        // The end of a stream holding a delivery: the message is rerouted at once, not after the attempt timeout.
        using (var holder = await WorkerStream.AttachAsync(workers, "held", "holder"))
        {
            var dispatch = orleans.Dispatcher.DispatchAsync("held", new RoutingMessage("held-1"));
            await holder.NextAsync();
            using var other = await WorkerStream.AttachAsync(workers, "held", "other");
            holder.Dispose();
            var deliver = (await other.NextAsync()).Deliver;
            await other.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = deliver.DeliveryId } });
            var outcome = await dispatch;
            Assert.Equal("other", outcome.DeliveredTo.Value);
            Assert.Equal("holder", Assert.Single(outcome.ReroutedFrom).Value);
        }

        // Through all of it the silo served on: a new worker attaches and takes a message.
        Assert.False(silo.HasExited);
        using var last = await WorkerStream.AttachAsync(workers, "after", "w");
        var after = orleans.Dispatcher.DispatchAsync("after", new RoutingMessage("after-1"));
        var delivery = (await last.NextAsync()).Deliver;
        await last.SendAsync(new WorkerFrame { Ack = new Ack { DeliveryId = delivery.DeliveryId } });
        Assert.Equal("w", (await after).DeliveredTo.Value);
    }
}
