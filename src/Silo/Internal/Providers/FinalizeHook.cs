using System.Reflection;
using Microsoft.Extensions.Logging;
using MochiOrleans.CodeGeneration;

namespace MochiOrleans.Internal.Providers;

/// <summary>A provider's <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> or <see cref="OnFinalizeAttribute">[OnFinalize]</see> method.</summary>
internal sealed class FinalizeHook
{
    private FinalizeHook(MethodInfo method)
    {
        Method = method;
        Invoke = MethodInvokerCompiler.For(method);
    }

    public MethodInfo Method { get; }

    public ProviderMethodInvoker Invoke { get; }

    public string DisplayName => $"{Method.DeclaringType?.Name}.{Method.Name}";

    public static FinalizeHook Create(MethodInfo method)
    {
        if (method.GetParameters().Length != 0 || method.IsGenericMethodDefinition)
        {
            throw new ArgumentException(
                $"Finalize hook {method.DeclaringType?.Name}.{method.Name} must be a non-generic method without parameters.");
        }

        return new FinalizeHook(method);
    }

    /// <summary>
    /// Runs <paramref name="hooks"/> on <paramref name="target"/> in declaration order, each through the engine's one
    /// callback runner: a throwing hook is logged and the next one still runs; a hook that outlives
    /// <paramref name="timeout"/> is abandoned.
    /// </summary>
    public static async Task RunAllAsync(IEnumerable<FinalizeHook> hooks, object? target, TimeSpan timeout, ILogger logger)
    {
        // Prefinalize hooks run through here too, but RPCs stay allowed there; only [OnFinalize] ones refuse them.
        using var scope = FinalizeScope.Enter(hooks.Any(h => h.Method.IsDefined(typeof(OnFinalizeAttribute), inherit: true)));
        foreach (var hook in hooks)
        {
            await FinalizeCallbacks.RunGuardedAsync($"Provider hook {hook.DisplayName}", () => hook.Invoke(target, []).AsTask(), timeout, logger);
        }
    }
}
