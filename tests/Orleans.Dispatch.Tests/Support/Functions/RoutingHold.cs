namespace Orleans.Dispatch.Tests.Support.Functions;

/// <summary>Holds one run of <see cref="GatedRoutingFunction"/> after it chose, until the test releases it.</summary>
public sealed class RoutingHold
{
    /// <summary>Completed when the held run has chosen and waits.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completing it lets the held run return its choice.</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
