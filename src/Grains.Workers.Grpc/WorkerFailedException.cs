namespace Orleans.Dispatch.Workers.Grpc;

/// <summary>A worker on the worker protocol answered a delivery with Fail: a crash like any other, its reason the worker's.</summary>
[GenerateSerializer, Alias("Orleans.Dispatch.Workers.Grpc.WorkerFailedException")]
public sealed class WorkerFailedException : Exception
{
    /// <summary>Creates the exception with the worker's reason.</summary>
    public WorkerFailedException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with no reason.</summary>
    public WorkerFailedException()
    {
    }

    /// <summary>Creates the exception with a reason and the exception behind it.</summary>
    public WorkerFailedException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
