using Google.Protobuf;
using Orleans.Dispatch.Workers.V1;

namespace Orleans.Dispatch.Workers.Grpc;

/// <summary>A message as the worker protocol carries it.</summary>
internal static class DeliveryFrames
{
    public static SiloFrame Deliver(ulong deliveryId, RoutingMessage message, DateTimeOffset deadline)
    {
        var deliver = new Deliver
        {
            DeliveryId = deliveryId,
            MessageId = message.Id,
            Payload = message.Payload.IsEmpty ? ByteString.Empty : ByteString.CopyFrom(message.Payload.Span),
            Attempt = 0,
            DeadlineUnixMs = deadline.ToUnixTimeMilliseconds(),
        };
        foreach (var (name, value) in message.Fields)
        {
            deliver.Fields.Add(name, Field(value));
        }

        return new SiloFrame { Deliver = deliver };
    }

    private static V1.FieldValue Field(Dispatch.FieldValue value) => value.Kind switch
    {
        FieldKind.Text when value.TryGetText(out var text) => new V1.FieldValue { Text = text },
        FieldKind.Integer when value.TryGetInteger(out var integer) => new V1.FieldValue { Integer = integer },
        FieldKind.Float when value.TryGetFloat(out var number) => new V1.FieldValue { Float = number },
        FieldKind.Boolean when value.TryGetBoolean(out var flag) => new V1.FieldValue { Boolean = flag },
        _ => new V1.FieldValue { Null = true },
    };
}
