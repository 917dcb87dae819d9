using System.Diagnostics;

namespace Orleans.Dispatch;

/// <summary>The names of the library's telemetry: its meter, its activity source and their tags.</summary>
public static class DispatchTelemetry
{
    /// <summary>The meter every instrument is in, and the activity source every span comes from: <c>Orleans.Dispatch</c>.</summary>
    public const string MeterName = "Orleans.Dispatch";

    /// <summary>The activity source's name: <c>Orleans.Dispatch</c>.</summary>
    public const string ActivitySourceName = "Orleans.Dispatch";

    /// <summary>The tag holding the group name: <c>dispatch.group</c>.</summary>
    public const string GroupTag = "dispatch.group";

    /// <summary>The tag holding the message id (spans only): <c>dispatch.message_id</c>.</summary>
    public const string MessageIdTag = "dispatch.message_id";

    /// <summary>The tag holding a consumer id (attempt spans): <c>dispatch.consumer</c>.</summary>
    public const string ConsumerTag = "dispatch.consumer";

    /// <summary>The tag holding an outcome: <c>delivered</c>, <c>crashed</c> (attempts) or <c>failed</c> (dispatches): <c>dispatch.outcome</c>.</summary>
    public const string OutcomeTag = "dispatch.outcome";

    /// <summary>The tag holding a failure kind, the exception type name (for example <c>NoConsumerAvailableException</c>): <c>dispatch.failure</c>.</summary>
    public const string FailureTag = "dispatch.failure";

    /// <summary>The source of the spans: one <c>dispatch</c> span per dispatch, one <c>dispatch.attempt</c> child per delivery attempt.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
