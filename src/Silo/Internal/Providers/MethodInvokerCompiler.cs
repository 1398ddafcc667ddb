using System.Linq.Expressions;
using System.Reflection;

namespace MochiOrleans.Internal.Providers;

/// <summary>Invokes a provider method on a target with already bound arguments and completes with its result.</summary>
internal delegate ValueTask<object?> MethodInvoker(object? target, object?[] arguments);

/// <summary>
/// Compiles a method into a <see cref="MethodInvoker"/> once, at registration, so that calls never go through
/// <see cref="MethodBase.Invoke(object?, object?[])"/>. Every return shape (<c>void</c>, <c>T</c>, <see cref="Task"/>,
/// <see cref="Task{T}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{T}"/>) becomes a <see cref="ValueTask{T}"/> of
/// the boxed result.
/// </summary>
internal static class MethodInvokerCompiler
{
    private static readonly MethodInfo FromTaskMethod = Helper(nameof(FromTask));
    private static readonly MethodInfo FromTaskOfMethod = Helper(nameof(FromTaskOf));
    private static readonly MethodInfo FromValueTaskMethod = Helper(nameof(FromValueTask));
    private static readonly MethodInfo FromValueTaskOfMethod = Helper(nameof(FromValueTaskOf));
    private static readonly ConstructorInfo ResultConstructor = typeof(ValueTask<object?>).GetConstructor([typeof(object)])!;

    public static MethodInvoker Compile(MethodInfo method)
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
        return Expression.Lambda<MethodInvoker>(AdaptResult(call, method.ReturnType), target, arguments).Compile();
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

        return Expression.New(ResultConstructor, Expression.Convert(call, typeof(object)));
    }

    private static MethodInfo Helper(string name) =>
        typeof(MethodInvokerCompiler).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static ValueTask<object?> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : AwaitTask(task);

    private static ValueTask<object?> FromTaskOf<T>(Task<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitTaskOf(task);

    private static ValueTask<object?> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitTask(task.AsTask());

    private static ValueTask<object?> FromValueTaskOf<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitTaskOf(task.AsTask());

    private static async ValueTask<object?> AwaitTask(Task task)
    {
        await task;
        return null;
    }

    private static async ValueTask<object?> AwaitTaskOf<T>(Task<T> task) => await task;
}
