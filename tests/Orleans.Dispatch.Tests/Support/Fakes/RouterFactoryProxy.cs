using System.Reflection;
using Orleans.Dispatch.Group;

namespace Orleans.Dispatch.Tests.Support.Fakes;

/// <summary>A grain factory, made at run time, whose every grain is one group's router: what a silo's <c>GroupCallsSource</c> needs of it.</summary>
public class RouterFactoryProxy : DispatchProxy
{
    internal IConsumerGroupRouterGrain? Router { get; set; }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == nameof(IGrainFactory.GetGrain) ? Router : throw new NotSupportedException(targetMethod?.Name);
}
