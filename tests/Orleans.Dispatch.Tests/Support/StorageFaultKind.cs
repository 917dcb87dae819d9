namespace Orleans.Dispatch.Tests.Support;

/// <summary>How an armed write misbehaves.</summary>
public enum StorageFaultKind
{
    /// <summary>It fails and nothing is stored.</summary>
    FailBeforeStoring,

    /// <summary>It is stored, then reports failure (a timeout after the commit).</summary>
    FailAfterStoring,

    /// <summary>It waits until the test releases it, then is stored.</summary>
    Held,
}
