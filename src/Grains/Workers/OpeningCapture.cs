using System.Buffers;
using System.IO.Pipelines;

namespace Orleans.Dispatch.Workers;

/// <summary>A reader that passes everything through, keeping a copy of up to the first <c>limit</c> bytes it hands out.</summary>
internal sealed class OpeningCapture(PipeReader inner, int limit) : PipeReader
{
    private readonly byte[] captured = new byte[limit];
    private int length;

    /// <summary>The bytes kept so far (what the connection opened with; a part read twice may appear twice).</summary>
    public ReadOnlySpan<byte> Captured => captured.AsSpan(0, Volatile.Read(ref length));

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => Keep(await inner.ReadAsync(cancellationToken));

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Keep(result);
        return true;
    }

    private ReadResult Keep(ReadResult result)
    {
        if (length < captured.Length && !result.Buffer.IsEmpty)
        {
            var take = (int)Math.Min(result.Buffer.Length, captured.Length - length);
            result.Buffer.Slice(0, take).CopyTo(captured.AsSpan(length));
            Volatile.Write(ref length, length + take);
        }

        return result;
    }
}
