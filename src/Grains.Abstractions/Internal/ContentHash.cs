using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Dispatch.Internal;

/// <summary>Unambiguous framing for content digests: every variable-length part is length-prefixed.</summary>
internal static class ContentHash
{
    public static void AppendLength(IBufferWriter<byte> writer, int length)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), length);
        writer.Advance(4);
    }

    public static void AppendText(IBufferWriter<byte> writer, string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        AppendLength(writer, byteCount);
        var written = Encoding.UTF8.GetBytes(text, writer.GetSpan(byteCount));
        writer.Advance(written);
    }
}
