namespace Orleans.Dispatch.DeadLetters;

/// <summary>Where a dispatch that failed for good keeps its message: the group's dead-letter store in a silo, a list in a test.</summary>
internal interface IDeadLetterSink
{
    /// <summary>Keeps <paramref name="letter"/> for <paramref name="group"/>, without making the dispatch wait.</summary>
    void Keep(string group, DeadLetter letter);
}
