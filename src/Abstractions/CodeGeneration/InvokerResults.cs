using System.ComponentModel;

namespace MochiOrleans.CodeGeneration;

/// <summary>
/// Turns every return shape a provider method may have into the <see cref="ValueTask{TResult}"/> of its boxed result
/// that a <see cref="ProviderMethodInvoker"/> completes with, without an await when the method completed synchronously.
/// Used by generated invokers and by the runtime's compiled ones alike, so both treat results the same way.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class InvokerResults
{
    /// <summary>The result of a method returning a value synchronously.</summary>
    /// <param name="result">The method's return value.</param>
    public static ValueTask<object?> FromResult(object? result) => new(result);

    /// <summary>The result of a <see cref="Task"/>-returning method.</summary>
    /// <param name="task">The method's task.</param>
    public static ValueTask<object?> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitTask(task);
    }

    /// <summary>The result of a <see cref="Task{TResult}"/>-returning method.</summary>
    /// <typeparam name="T">The method's result type.</typeparam>
    /// <param name="task">The method's task.</param>
    public static ValueTask<object?> FromTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitTask(task);
    }

    /// <summary>The result of a <see cref="ValueTask"/>-returning method.</summary>
    /// <param name="task">The method's value task.</param>
    public static ValueTask<object?> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitTask(task.AsTask());

    /// <summary>The result of a <see cref="ValueTask{TResult}"/>-returning method.</summary>
    /// <typeparam name="T">The method's result type.</typeparam>
    /// <param name="task">The method's value task.</param>
    public static ValueTask<object?> FromValueTask<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : AwaitTask(task.AsTask());

    private static async ValueTask<object?> AwaitTask(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static async ValueTask<object?> AwaitTask<T>(Task<T> task) => await task.ConfigureAwait(false);
}
