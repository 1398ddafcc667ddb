using System.Linq.Expressions;
using System.Reflection;
using MochiOrleans.CodeGeneration;

namespace MochiOrleans.Internal.Providers;

/// <summary>
/// Gives each provider method a <see cref="ProviderMethodInvoker"/> once, at registration, so that calls never go
/// through <see cref="MethodBase.Invoke(object?, object?[])"/>: the one the source generator wrote for it if there is
/// one (<see cref="GeneratedInvokers"/>), else one compiled from an expression here. Every return shape (<c>void</c>,
/// <c>T</c>, <see cref="Task"/>, <see cref="Task{T}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{T}"/>) goes through
/// <see cref="InvokerResults"/> in both.
/// </summary>
internal static class MethodInvokerCompiler
{
    private static readonly MethodInfo FromResultMethod = Result(nameof(InvokerResults.FromResult), typeof(object));
    private static readonly MethodInfo FromTaskMethod = Result(nameof(InvokerResults.FromTask), typeof(Task));
    private static readonly MethodInfo FromTaskOfMethod = GenericResult(nameof(InvokerResults.FromTask));
    private static readonly MethodInfo FromValueTaskMethod = Result(nameof(InvokerResults.FromValueTask), typeof(ValueTask));
    private static readonly MethodInfo FromValueTaskOfMethod = GenericResult(nameof(InvokerResults.FromValueTask));

    /// <summary>The invoker of <paramref name="method"/>: the generated one if any, else a compiled one.</summary>
    public static ProviderMethodInvoker For(MethodInfo method) => GeneratedInvokers.Find(method) ?? Compile(method);

    public static ProviderMethodInvoker Compile(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var arguments = Expression.Parameter(typeof(object[]), "arguments");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            callArguments[i] = Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), parameters[i].ParameterType);
        }

        var instance = method.IsStatic ? null : Expression.Convert(target, method.DeclaringType!);
        var call = Expression.Call(instance, method, callArguments);
        return Expression.Lambda<ProviderMethodInvoker>(AdaptResult(call, method.ReturnType), target, arguments).Compile();
    }

    private static Expression AdaptResult(Expression call, Type returnType)
    {
        if (returnType == typeof(void))
        {
            return Expression.Block(call, Expression.Default(typeof(ValueTask<object?>)));
        }

        if (returnType == typeof(Task))
        {
            return Expression.Call(FromTaskMethod, call);
        }

        if (returnType == typeof(ValueTask))
        {
            return Expression.Call(FromValueTaskMethod, call);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return Expression.Call(FromTaskOfMethod.MakeGenericMethod(returnType.GetGenericArguments()), call);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return Expression.Call(FromValueTaskOfMethod.MakeGenericMethod(returnType.GetGenericArguments()), call);
        }

        return Expression.Call(FromResultMethod, Expression.Convert(call, typeof(object)));
    }

    private static MethodInfo Result(string name, Type parameter) => typeof(InvokerResults).GetMethod(name, [parameter])!;

    private static MethodInfo GenericResult(string name) =>
        typeof(InvokerResults).GetMethods().Single(m => m.Name == name && m.IsGenericMethodDefinition);
}
