using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>
/// The address of an engine, such as <c>tcp://127.0.0.1:30000</c>. Get one from <c>Engine.LookupAsync</c>,
/// <c>Engine.Address</c> or <see cref="Handle.Address"/>; its string form round-trips through <c>Engine.LookupAsync</c>.
/// </summary>
/// <remarks>
/// An address names an engine (a silo), and calls made on it enter that engine's cluster. Two addresses with the same
/// string are equal, whichever engine produced them.
/// </remarks>
public sealed partial class Address : IEquatable<Address>
{
    private readonly string _value;

    internal Address(string value, IAddressScope scope)
    {
        _value = value;
        Scope = scope;
    }

    /// <summary>The engine through which this address is used: it resolves, calls and shuts down.</summary>
    internal IAddressScope Scope { get; }

    /// <summary>The resolved route to the engine, cached by the scope after the first use.</summary>
    internal object? Route { get; set; }

    /// <summary>
    /// Asks the engine at this address to finalize: its silo stops and its <c>WaitForFinalizeAsync</c> completes.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the acknowledgement.</param>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.Permission"/> if the target did not call <c>EnableRemoteShutdown()</c>;
    /// <see cref="MargoErrorCode.Unreachable"/> if it cannot be reached.
    /// </exception>
    public Task ShutdownAsync(CancellationToken cancellationToken = default) => Scope.ShutdownAsync(this, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => _value;

    /// <inheritdoc />
    public bool Equals(Address? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Address);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two addresses by their string form.</summary>
    public static bool operator ==(Address? left, Address? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two addresses by their string form.</summary>
    public static bool operator !=(Address? left, Address? right) => !(left == right);
}
