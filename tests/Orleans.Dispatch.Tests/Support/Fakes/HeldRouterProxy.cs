using System.Reflection;
using Orleans.Dispatch.Group.Calls;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// The run-time proxy of <see cref="HeldRouter"/> (see its remarks): it takes the batching's two
/// calls, <c>Decide</c> and <c>EndAll</c>, and refuses the others. Not sealed: DispatchProxy derives from it.
/// </summary>
public class HeldRouterProxy : DispatchProxy
{
    internal HeldRouter? Router { get; set; }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "Decide" => Router!.Decide((CallBatch)args![0]!),
        "EndAll" => Router!.EndAll((CallBatch)args![0]!),
        var other => throw new NotSupportedException($"The held router does not take {other}."),
    };
}
