namespace Orleans.Dispatch.Silo.View;

/// <summary>One consumer on the group page.</summary>
/// <param name="Id">The consumer id.</param>
/// <param name="Grain">Its grain id.</param>
/// <param name="InFlight">Attempts in flight to it.</param>
/// <param name="MaxInFlight">Its capacity.</param>
/// <param name="BufferDepth">The buffer depth it last reported.</param>
/// <param name="Tags">Its affinity tags.</param>
/// <param name="Silo">The silo its activation lives on; null when it is not active (or, past the first few hundred, not looked up).</param>
/// <param name="Draining">Removed from the group, with attempts still in flight.</param>
/// <param name="Worker">Where it runs when it is a worker process (host, process id); null for a grain.</param>
/// <param name="Health">Its health as the group tracks it (<see cref="ConsumerHealth"/>, lower case); null when healthy or draining.</param>
/// <param name="HealthSecondsLeft">What is left of its ejection or slow start, in seconds; null otherwise.</param>
/// <param name="LastFailure">Its last counted failure; null when none.</param>
internal sealed record ConsumerRow(
    string Id, string? Grain, int InFlight, int MaxInFlight, int BufferDepth, IReadOnlyList<string> Tags, string? Silo, bool Draining, string? Worker = null,
    string? Health = null, double? HealthSecondsLeft = null, string? LastFailure = null);
