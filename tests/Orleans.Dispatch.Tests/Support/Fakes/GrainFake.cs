using System.Reflection;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>
/// Implements a grain interface at run time over a plain object with the same methods, so the
/// fake is not a class Orleans' code generator would take for a grain of that interface.
/// </summary>
public class GrainFake : DispatchProxy
{
    private object target = null!;

    public static TInterface Over<TInterface>(object target)
        where TInterface : class
    {
        var proxy = Create<TInterface, GrainFake>();
        ((GrainFake)(object)proxy).target = target;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = target.GetType().GetMethod(targetMethod!.Name, [.. targetMethod.GetParameters().Select(p => p.ParameterType)])
            ?? throw new MissingMethodException(target.GetType().Name, targetMethod.Name);
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
