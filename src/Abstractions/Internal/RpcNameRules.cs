namespace MochiOrleans.Internal;

/// <summary>What makes a valid RPC name, checked where names enter: registration and calls.</summary>
internal static class RpcNameRules
{
    /// <summary>The provider id Margo reserves (<c>MARGO_DEFAULT_PROVIDER_ID</c>); no provider may use it.</summary>
    public const ushort ReservedProviderId = ushort.MaxValue;

    /// <summary>Names longer than this are refused: a name is a label, not a payload.</summary>
    public const int MaxLength = 1024;

    /// <summary>Returns why <paramref name="name"/> is not a valid RPC name, or <see langword="null"/> if it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "An RPC name cannot be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"An RPC name cannot be longer than {MaxLength} characters.";
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"RPC name '{name}' contains whitespace or control characters.";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="MargoException"/> with <see cref="MargoErrorCode.InvalidArgument"/> for an invalid name.</summary>
    public static void Validate(string? name)
    {
        if (Problem(name) is { } problem)
        {
            throw new MargoException(MargoErrorCode.InvalidArgument, problem, name);
        }
    }

    /// <summary>Throws for the reserved provider id.</summary>
    public static void ValidateProviderId(ushort providerId, string? rpcName = null)
    {
        if (providerId == ReservedProviderId)
        {
            throw new MargoException(
                MargoErrorCode.InvalidArgument,
                $"Provider id {ReservedProviderId} is reserved (MARGO_DEFAULT_PROVIDER_ID); use 0..{ReservedProviderId - 1}.",
                rpcName,
                providerId);
        }
    }
}
