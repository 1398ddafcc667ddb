namespace MochiOrleans.Internal;

/// <summary>
/// Creates a part of MochiOrleans that lives in an assembly the caller's assembly must not reference (the silo runtime
/// for client-only applications, ASP.NET Core's gateway for the silo library), found by name when it is first needed.
/// </summary>
internal static class OptionalComponent
{
    /// <summary>An instance of <paramref name="typeName"/>, which must implement <typeparamref name="T"/>.</summary>
    /// <param name="typeName">The assembly-qualified name of the implementation.</param>
    /// <param name="missing">What to tell the application when its assembly is not there.</param>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.ModeMismatch"/> when the assembly is not part of the application: an operation the
    /// application was built without, as Margo's client mode answers <c>HG_OPNOTSUPPORTED</c>.
    /// </exception>
    public static T Create<T>(string typeName, string missing)
        where T : class
    {
        Type? type;
        try
        {
            type = Type.GetType(typeName, throwOnError: false);
        }
        catch (IOException)
        {
            type = null;
        }

        return type is not null && Activator.CreateInstance(type) is T component
            ? component
            : throw new MargoException(MargoErrorCode.ModeMismatch, missing);
    }
}
