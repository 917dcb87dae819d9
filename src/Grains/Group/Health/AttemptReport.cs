namespace Orleans.Dispatch.Group.Health;

/// <summary>What a dispatch tells the group of the attempt whose lease it gives back at its end: how it ended, the dispatch's crashes (that one's included), and the crash as text.</summary>
internal readonly record struct AttemptReport(AttemptEnd End, int Crashes, string? Failure)
{
    /// <summary>A delivery.</summary>
    public static AttemptReport Delivered { get; } = new(AttemptEnd.Delivered, 0, null);
}
