namespace Orleans.Dispatch.Workers;

/// <summary>
/// A delivery to a worker process that is gone: no process is attached to its worker grain, or its
/// connection closed while it held the message. A crash like any other for the dispatch (it
/// reroutes at once), but not the consumer's fault for its group's health tracking: the worker's
/// registration goes with its connection.
/// </summary>
[GenerateSerializer, Alias("Orleans.Dispatch.WorkerGoneException")]
internal sealed class WorkerGoneException : Exception
{
    /// <summary>Creates an exception with no details (for serializers).</summary>
    public WorkerGoneException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkerGoneException(string message)
        : base(message)
    {
    }
}
