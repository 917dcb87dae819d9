namespace Orleans.Dispatch.Conversation;

/// <summary>How a run of the dispatch loop ended without failing: a delivery (or the record of one), or a hand-off at the first crash.</summary>
internal readonly record struct ConversationResult
{
    private ConversationResult(DispatchOutcome? outcome, ConversationHandOff? handOff)
    {
        Outcome = outcome;
        HandOff = handOff;
    }

    /// <summary>The outcome, when the message was delivered (this time, or by the dispatch whose record this is).</summary>
    public DispatchOutcome? Outcome { get; }

    /// <summary>Where the dispatch stands, when it stopped at its first crash to go on in its conversation grain.</summary>
    public ConversationHandOff? HandOff { get; }

    public static ConversationResult Delivered(DispatchOutcome outcome) => new(outcome, null);

    public static ConversationResult HandedOff(ConversationHandOff handOff) => new(null, handOff);
}
