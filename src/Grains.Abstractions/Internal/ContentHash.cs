using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Dispatch.Internal;

/// <summary>Unambiguous framing for content digests: every variable-length part is length-prefixed.</summary>
internal static class ContentHash
{
    public static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        hash.AppendData(bytes);
    }

    public static void AppendText(IncrementalHash hash, string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        AppendLength(hash, byteCount);
        if (byteCount <= 512)
        {
            Span<byte> bytes = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(text, bytes);
            hash.AppendData(bytes);
        }
        else
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
    }
}
