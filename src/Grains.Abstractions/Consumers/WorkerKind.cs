namespace Orleans.Dispatch;

/// <summary>How a worker process is connected to its group.</summary>
public enum WorkerKind
{
    /// <summary>A .NET worker: an Orleans client attached through a silo's gateway (<c>IDispatchWorker</c>, the CLI's <c>consume</c>).</summary>
    OrleansClient = 0,

    /// <summary>A worker in any language on the worker protocol: one gRPC stream to a silo's <c>Workers:Url</c>.</summary>
    WorkerProtocol = 1,
}
