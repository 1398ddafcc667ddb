using System.Reflection;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// An <see cref="IGrainFactory"/> whose every member returns <c>default</c>: building a resolution table only stores the
/// grain references it is given, so name resolution can be measured without a running silo.
/// </summary>
public class NullGrainFactory : DispatchProxy
{
    public static IGrainFactory Create() => Create<IGrainFactory, NullGrainFactory>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.ReturnType is { IsValueType: true } type && type != typeof(void) ? Activator.CreateInstance(type) : null;
}
