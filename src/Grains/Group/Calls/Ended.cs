namespace Orleans.Dispatch.Group.Calls;

/// <summary>The answer to an <see cref="EndCall"/>: whether the dispatch still held its message id (only then is a failure recorded).</summary>
/// <param name="Held">Whether the dispatch held the message id when it ended.</param>
[GenerateSerializer, Immutable, Alias("Orleans.Dispatch.Ended")]
internal sealed record Ended([property: Id(0)] bool Held) : RouteAnswer
{
    public static Ended HeldIt { get; } = new(true);

    public static Ended DidNotHoldIt { get; } = new(false);
}
