namespace Orleans.Dispatch.Tests.Support;

/// <summary>Reports each grain call a test silo starts to <see cref="CallWatch"/>.</summary>
public sealed class CallWatchFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        CallWatch.OnStarted(context.TargetId, context.MethodName);
        return context.Invoke();
    }
}
