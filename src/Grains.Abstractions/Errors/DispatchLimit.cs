namespace Orleans.Dispatch;

/// <summary>The limit a dispatch ran into.</summary>
public enum DispatchLimit
{
    /// <summary><c>DispatchOptions.MaxAttempts</c> delivery attempts all crashed.</summary>
    MaxAttempts = 0,

    /// <summary>The whole dispatch ran past <c>DispatchOptions.DispatchTimeout</c>.</summary>
    DispatchTimeout = 1,
}
