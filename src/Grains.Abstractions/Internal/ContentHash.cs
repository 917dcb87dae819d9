using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Dispatch.Internal;

/// <summary>Unambiguous framing for content digests: every variable-length part is length-prefixed.</summary>
internal static class ContentHash
{
    /// <summary>The largest framing buffer a thread keeps for the next digest (a larger message gets its own).</summary>
    private const int KeptCapacity = 4096;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? kept;

    /// <summary>An empty framing buffer: the thread's own when it has one (a digest per dispatch would allocate one otherwise).</summary>
    public static ArrayBufferWriter<byte> RentWriter()
    {
        var writer = kept ?? new ArrayBufferWriter<byte>(256);
        kept = null;
        writer.ResetWrittenCount();
        return writer;
    }

    /// <summary>Gives <paramref name="writer"/> back to the thread, unless it grew past what a thread keeps.</summary>
    public static void ReturnWriter(ArrayBufferWriter<byte> writer)
    {
        if (writer.Capacity <= KeptCapacity)
        {
            kept = writer;
        }
    }

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
