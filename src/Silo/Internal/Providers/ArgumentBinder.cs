using System.Globalization;

namespace MochiOrleans.Internal.Providers;

/// <summary>
/// Binds a request's positional and keyword arguments to a <see cref="RemoteMethod"/>'s parameters, Python style:
/// positions first, then names; a parameter given both ways, an unknown name, a missing required parameter, or a value
/// that does not convert without loss is an error naming the parameter.
/// </summary>
internal static class ArgumentBinder
{
    /// <summary>
    /// Returns the full argument array for the method's invoker, or <see langword="null"/> with <paramref name="error"/>
    /// saying what does not bind.
    /// </summary>
    public static object?[]? Bind(
        RemoteMethod method,
        string rpcName,
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        Handle? handle,
        CancellationToken cancellationToken,
        out string? error)
    {
        if (method.ForwardsArguments)
        {
            error = null;
            return [args, kwargs, handle, cancellationToken];
        }

        var slots = method.Parameters;
        if (args.Length > slots.Length)
        {
            error = Format($"RPC '{rpcName}' takes {slots.Length} argument(s) but was given {args.Length} positional ones.");
            return null;
        }

        var values = new object?[method.ArgumentCount];
        Span<bool> bound = stackalloc bool[slots.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (!TryConvert(rpcName, slots[i], args[i], values, out error))
            {
                return null;
            }

            bound[i] = true;
        }

        if (kwargs is not null)
        {
            foreach (var (name, value) in kwargs)
            {
                var position = IndexOf(slots, name);
                if (position < 0)
                {
                    error = Format($"RPC '{rpcName}' has no parameter named '{name}'.");
                    return null;
                }

                if (bound[position])
                {
                    error = Format($"RPC '{rpcName}' was given parameter '{name}' both by position and by keyword.");
                    return null;
                }

                if (!TryConvert(rpcName, slots[position], value, values, out error))
                {
                    return null;
                }

                bound[position] = true;
            }
        }

        for (var i = 0; i < slots.Length; i++)
        {
            if (bound[i])
            {
                continue;
            }

            if (!slots[i].IsOptional)
            {
                error = Format($"RPC '{rpcName}' is missing argument '{slots[i].Name}'.");
                return null;
            }

            values[slots[i].Index] = slots[i].DefaultValue;
        }

        if (method.HandleIndex >= 0)
        {
            values[method.HandleIndex] = handle;
        }

        if (method.CancellationIndex >= 0)
        {
            values[method.CancellationIndex] = cancellationToken;
        }

        error = null;
        return values;
    }

    private static bool TryConvert(string rpcName, ParameterSlot slot, object? value, object?[] values, out string? error)
    {
        if (LosslessConversion.TryConvert(value, slot.Type, out var converted))
        {
            values[slot.Index] = converted;
            error = null;
            return true;
        }

        error = value is null
            ? Format($"RPC '{rpcName}': argument '{slot.Name}' of type {slot.Type.Name} cannot be null.")
            : Format($"RPC '{rpcName}': argument '{slot.Name}' expects {slot.Type.Name}, got {value.GetType().Name}.");
        return false;
    }

    private static int IndexOf(ParameterSlot[] slots, string name)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (string.Equals(slots[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
