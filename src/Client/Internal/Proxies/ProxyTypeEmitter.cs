using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace MochiOrleans.Internal.Proxies;

/// <summary>
/// Emits, once per contract, a class deriving from <see cref="TypedProxy"/> that implements the interface. Each method
/// boxes its arguments into an array (the token aside) and calls its typed call site with its own index, so that a
/// call does no reflection, no lookup and no delegate invoke beyond what <c>CallAsync</c> itself does.
/// </summary>
/// <remarks>
/// Emit rather than <see cref="DispatchProxy"/>: a dispatch proxy funnels every call through one
/// <c>Invoke(MethodInfo, object[])</c>, which needs a lookup per call and a reflection invoke (or a cached delegate) to
/// reach the typed <c>CallAsync&lt;T&gt;</c>; the emitted method calls <c>CallTaskOf&lt;T&gt;</c> directly.
/// The emitted assembly carries <c>IgnoresAccessChecksToAttribute</c> (as <see cref="DispatchProxy"/>'s does) so that
/// proxies of internal interfaces, and the internal <see cref="TypedProxy"/>, are reachable from it.
/// </remarks>
internal static class ProxyTypeEmitter
{
    private static readonly Lock Gate = new();
    private static readonly AssemblyBuilder Assembly =
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("MochiOrleans.Proxies"), AssemblyBuilderAccess.Run);
    private static readonly ModuleBuilder Module = Assembly.DefineDynamicModule("MochiOrleans.Proxies");
    private static readonly HashSet<string> AccessibleAssemblies = new(StringComparer.Ordinal);
    private static ConstructorInfo? _ignoresAccessChecksTo;
    private static int _count;

    private static readonly ConstructorInfo BaseConstructor =
        typeof(TypedProxy).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(CallableRemoteFunction[])])!;

    /// <summary>Emits the proxy class of <paramref name="contract"/> and returns its constructor as a delegate.</summary>
    public static Func<CallableRemoteFunction[], object> Emit(ProxyContract contract)
    {
        Type proxyType;
        lock (Gate)
        {
            proxyType = EmitType(contract);
        }

        var calls = Expression.Parameter(typeof(CallableRemoteFunction[]), "calls");
        var constructor = proxyType.GetConstructor([typeof(CallableRemoteFunction[])])!;
        return Expression.Lambda<Func<CallableRemoteFunction[], object>>(Expression.New(constructor, calls), calls).Compile();
    }

    private static Type EmitType(ProxyContract contract)
    {
        GrantAccessTo(typeof(TypedProxy));
        GrantAccessTo(contract.Type);
        foreach (var method in contract.Methods)
        {
            GrantAccessTo(method.Method.ReturnType);
            foreach (var parameter in method.Method.GetParameters())
            {
                GrantAccessTo(parameter.ParameterType);
            }
        }

        var type = Module.DefineType(
            $"MochiOrleans.Proxies.{contract.Type.Name}Proxy{++_count}",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
            typeof(TypedProxy),
            [contract.Type]);

        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.HasThis, [typeof(CallableRemoteFunction[])]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, BaseConstructor);
        il.Emit(OpCodes.Ret);

        for (var index = 0; index < contract.Methods.Length; index++)
        {
            EmitMethod(type, contract.Methods[index], index);
        }

        return type.CreateType();
    }

    private static void EmitMethod(TypeBuilder type, ProxyMethod proxyMethod, int index)
    {
        var method = proxyMethod.Method;
        var parameters = method.GetParameters();
        var builder = type.DefineMethod(
            $"{method.DeclaringType!.FullName}.{method.Name}",
            MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual | MethodAttributes.Final,
            method.ReturnType,
            [.. parameters.Select(p => p.ParameterType)]);
        type.DefineMethodOverride(builder, method);

        var il = builder.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, index);

        // The arguments travel by position, the token excepted.
        il.Emit(OpCodes.Ldc_I4, proxyMethod.ArgumentCount);
        il.Emit(OpCodes.Newarr, typeof(object));
        var position = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i == proxyMethod.CancellationIndex)
            {
                continue;
            }

            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, position++);
            il.Emit(OpCodes.Ldarg, i + 1);
            if (parameters[i].ParameterType.IsValueType || parameters[i].ParameterType.IsGenericParameter)
            {
                il.Emit(OpCodes.Box, parameters[i].ParameterType);
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        if (proxyMethod.CancellationIndex >= 0)
        {
            il.Emit(OpCodes.Ldarg, proxyMethod.CancellationIndex + 1);
        }
        else
        {
            var none = il.DeclareLocal(typeof(CancellationToken));
            il.Emit(OpCodes.Ldloca, none);
            il.Emit(OpCodes.Initobj, typeof(CancellationToken));
            il.Emit(OpCodes.Ldloc, none);
        }

        il.Emit(OpCodes.Call, CallSite(proxyMethod));
        il.Emit(OpCodes.Ret);
    }

    private static MethodInfo CallSite(ProxyMethod method)
    {
        var name = method.Return switch
        {
            ProxyReturn.Task => "CallTask",
            ProxyReturn.TaskOf => "CallTaskOf",
            ProxyReturn.ValueTask => "CallValueTask",
            _ => "CallValueTaskOf",
        };
        var site = typeof(TypedProxy).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)!;
        return method.ResultType is { } result ? site.MakeGenericMethod(result) : site;
    }

    /// <summary>Lets the emitted assembly reach <paramref name="type"/> and the types it is made of, public or not.</summary>
    private static void GrantAccessTo(Type type)
    {
        if (type.HasElementType)
        {
            GrantAccessTo(type.GetElementType()!);
        }

        foreach (var argument in type.GenericTypeArguments)
        {
            GrantAccessTo(argument);
        }

        for (var declaring = type; declaring is not null; declaring = declaring.DeclaringType)
        {
            GrantAccessTo(declaring.Assembly);
        }
    }

    private static void GrantAccessTo(Assembly assembly)
    {
        var name = assembly.GetName().Name;
        if (name is null || !AccessibleAssemblies.Add(name))
        {
            return;
        }

        _ignoresAccessChecksTo ??= DefineIgnoresAccessChecksToAttribute();
        Assembly.SetCustomAttribute(new CustomAttributeBuilder(_ignoresAccessChecksTo, [name]));
    }

    /// <summary>
    /// The runtime honours <c>System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute</c> by name, but no
    /// reference assembly declares it: each assembly that wants it defines its own.
    /// </summary>
    private static ConstructorInfo DefineIgnoresAccessChecksToAttribute()
    {
        var attribute = Module.DefineType(
            "System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
            typeof(Attribute));
        var usage = typeof(AttributeUsageAttribute);
        attribute.SetCustomAttribute(new CustomAttributeBuilder(
            usage.GetConstructor([typeof(AttributeTargets)])!,
            [AttributeTargets.Assembly],
            [usage.GetProperty(nameof(AttributeUsageAttribute.AllowMultiple))!],
            [true]));
        var nameField = attribute.DefineField("_assemblyName", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
        var constructor = attribute.DefineConstructor(MethodAttributes.Public, CallingConventions.HasThis, [typeof(string)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, nameField);
        il.Emit(OpCodes.Ret);
        var getter = attribute.DefineMethod("get_AssemblyName", MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, typeof(string), Type.EmptyTypes);
        il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, nameField);
        il.Emit(OpCodes.Ret);
        attribute.DefineProperty("AssemblyName", PropertyAttributes.None, typeof(string), null).SetGetMethod(getter);
        return attribute.CreateType().GetConstructor([typeof(string)])!;
    }
}
