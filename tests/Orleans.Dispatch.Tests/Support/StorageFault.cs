namespace Orleans.Dispatch.Tests.Support;

/// <summary>A fault <see cref="FaultyGrainStorage"/> injects into one write.</summary>
public sealed class StorageFault
{
    private StorageFault(StorageFaultKind kind) => Kind = kind;

    public StorageFaultKind Kind { get; }

    /// <summary>Completed when the armed write has started.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For <see cref="StorageFaultKind.Held"/>: completing it lets the write go on.</summary>
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static StorageFault FailBeforeStoring() => new(StorageFaultKind.FailBeforeStoring);

    public static StorageFault FailAfterStoring() => new(StorageFaultKind.FailAfterStoring);

    public static StorageFault Held() => new(StorageFaultKind.Held);
}
