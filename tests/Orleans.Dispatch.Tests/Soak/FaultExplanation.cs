namespace Orleans.Dispatch.Tests.Soak;

/// <summary>
/// When a chaos run's failed dispatch is explained by the faults injected: every consumer the plan
/// keeps mostly healthy was unavailable to the message, because it crashed there or because consumer
/// health had taken it out of rotation (a run of injected faults can eject it for a while, as it should).
/// </summary>
public static class FaultExplanation
{
    /// <summary>Whether <paramref name="failure"/> is a typed dispatch failure that no consumer of <paramref name="stable"/> could have prevented.</summary>
    public static bool Explains(Exception? failure, IEnumerable<string> stable) =>
        failure is DispatchException dispatch && stable.All(s => Unavailable(dispatch, new ConsumerId(s)));

    private static bool Unavailable(DispatchException failure, ConsumerId consumer) =>
        failure.ReroutedFrom.Contains(consumer) || (failure is NoConsumerAvailableException nobody && nobody.OutOfRotation.Contains(consumer));
}
