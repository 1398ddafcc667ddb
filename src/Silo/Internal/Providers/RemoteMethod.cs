using System.Reflection;
using MochiOrleans.CodeGeneration;

namespace MochiOrleans.Internal.Providers;

/// <summary>
/// One <see cref="RemoteAttribute">[Remote]</see> method, analysed once per provider type: its RPC name within its
/// service, the parameters callers bind, where the runtime puts the <see cref="Handle"/> and
/// <see cref="CancellationToken"/>, and a compiled invoker.
/// </summary>
internal sealed class RemoteMethod
{
    private RemoteMethod(
        MethodInfo method, RemoteAttribute attribute, ParameterSlot[] parameters, int argumentCount, int handleIndex, int cancellationIndex, bool forwardsArguments = false)
    {
        ForwardsArguments = forwardsArguments;
        Method = method;
        Attribute = attribute;
        RpcName = RpcNameResolver.RpcName(method, attribute);
        Parameters = parameters;
        ArgumentCount = argumentCount;
        HandleIndex = handleIndex;
        CancellationIndex = cancellationIndex;
        Invoke = MethodInvokerCompiler.For(method);
    }

    public MethodInfo Method { get; }

    public RemoteAttribute Attribute { get; }

    /// <summary>The RPC name within its service (no service prefix).</summary>
    public string RpcName { get; }

    /// <summary>The parameters callers bind, in declaration order.</summary>
    public ParameterSlot[] Parameters { get; }

    /// <summary>The number of parameters of the method, the runtime-filled ones included.</summary>
    public int ArgumentCount { get; }

    /// <summary>The position of the <see cref="Handle"/> parameter, or -1.</summary>
    public int HandleIndex { get; }

    /// <summary>The position of the <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationIndex { get; }

    public ProviderMethodInvoker Invoke { get; }

    public bool UsesHandle => HandleIndex >= 0;

    /// <summary>
    /// Whether the handler takes the call's arguments as they arrived (an <see cref="IExternalProvider"/>'s): positional
    /// ones, keyword ones, the handle and the cancellation token, bound where the handler lives.
    /// </summary>
    public bool ForwardsArguments { get; }

    public string DisplayName => $"{Method.DeclaringType?.Name}.{Method.Name}";

    /// <summary>An RPC of an external provider, served by <see cref="IExternalProvider.ForwardAsync"/> under its full name.</summary>
    public static RemoteMethod Forwarding(string fullName, bool disableResponse) => new(
        typeof(IExternalProvider).GetMethod(nameof(IExternalProvider.ForwardAsync))!,
        new RemoteAttribute { RpcName = fullName, DisableResponse = disableResponse },
        parameters: [],
        argumentCount: 4,
        handleIndex: 2,
        cancellationIndex: 3,
        forwardsArguments: true);

    /// <summary>Analyses <paramref name="method"/>; throws <see cref="ArgumentException"/> for shapes an RPC cannot have.</summary>
    public static RemoteMethod Create(MethodInfo method, RemoteAttribute attribute)
    {
        var name = $"{method.DeclaringType?.Name}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new ArgumentException($"RPC method {name} is generic; RPC handlers must be concrete methods.");
        }

        var parameters = method.GetParameters();
        var slots = new List<ParameterSlot>(parameters.Length);
        int handleIndex = -1, cancellationIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType.IsByRef || parameter.IsOut)
            {
                throw new ArgumentException($"RPC method {name} has a ref/out parameter '{parameter.Name}'; RPC arguments are values.");
            }

            if (parameter.ParameterType == typeof(Handle))
            {
                handleIndex = handleIndex < 0
                    ? i
                    : throw new ArgumentException($"RPC method {name} has more than one Handle parameter.");
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                cancellationIndex = cancellationIndex < 0
                    ? i
                    : throw new ArgumentException($"RPC method {name} has more than one CancellationToken parameter.");
            }
            else
            {
                slots.Add(new ParameterSlot(
                    parameter.Name ?? $"arg{i}",
                    parameter.ParameterType,
                    i,
                    parameter.IsOptional,
                    DefaultOf(parameter)));
            }
        }

        return new RemoteMethod(method, attribute, [.. slots], parameters.Length, handleIndex, cancellationIndex);
    }

    private static object? DefaultOf(ParameterInfo parameter)
    {
        if (!parameter.IsOptional)
        {
            return null;
        }

        // An optional parameter without a literal default (e.g. a struct's `default`) reports DBNull or Missing.
        var value = parameter.DefaultValue;
        if (value is DBNull || value == Type.Missing || value is null)
        {
            return parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null
                ? Activator.CreateInstance(parameter.ParameterType)
                : null;
        }

        // Enum defaults come back as their underlying integer.
        return parameter.ParameterType.IsEnum ? Enum.ToObject(parameter.ParameterType, value) : value;
    }
}
