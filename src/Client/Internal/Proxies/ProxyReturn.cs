namespace MochiOrleans.Internal.Proxies;

/// <summary>The task a proxy method returns, which decides the call site it delegates to.</summary>
internal enum ProxyReturn
{
    /// <summary><see cref="System.Threading.Tasks.Task"/>: the response is awaited and dropped.</summary>
    Task,

    /// <summary><see cref="Task{TResult}"/>: the response converted as <c>CallAsync&lt;T&gt;</c> converts it.</summary>
    TaskOf,

    /// <summary><see cref="System.Threading.Tasks.ValueTask"/>.</summary>
    ValueTask,

    /// <summary><see cref="ValueTask{TResult}"/>.</summary>
    ValueTaskOf,
}
