namespace Orleans.Dispatch.Tests.Support;

/// <summary>Reports each grain call a test silo starts to <see cref="CallWatch"/>, and holds it while a <see cref="CallHold"/> says so.</summary>
public sealed class CallWatchFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        CallWatch.OnStarted(context.TargetId, context.MethodName);
        return CallHold.For(context) is { } hold ? InvokeAfter(hold, context) : context.Invoke();
    }

    private static async Task InvokeAfter(Task hold, IIncomingGrainCallContext context)
    {
        await hold;
        await context.Invoke();
    }
}
